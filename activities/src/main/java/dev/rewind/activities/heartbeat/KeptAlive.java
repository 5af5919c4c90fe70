package dev.rewind.activities.heartbeat;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One activity execution, heartbeated in the background while it runs (see the interceptor). */
final class KeptAlive extends ActivityInboundCallsInterceptorBase {
  private final ScheduledExecutorService timer;
  private final Duration every;
  private LastDetails context;

  KeptAlive(ActivityInboundCallsInterceptor next, ScheduledExecutorService timer, Duration every) {
    super(next);
    this.timer = timer;
    this.every = every;
  }

  @Override
  public void init(ActivityExecutionContext context) {
    this.context = new LastDetails(context);
    super.init(this.context); // Activity.getExecutionContext() is this wrapper from now on
  }

  @Override
  public ActivityOutput execute(ActivityInput input) {
    ActivityInfo info = context.getInfo();
    if (info.isLocal() || info.getHeartbeatTimeout().isZero()) {
      return super.execute(input);
    }
    long period = every.toMillis();
    ScheduledFuture<?> beats =
        timer.scheduleAtFixedRate(context::beatAgain, period, period, TimeUnit.MILLISECONDS);
    try {
      return super.execute(input);
    } finally {
      beats.cancel(false);
    }
  }
}
