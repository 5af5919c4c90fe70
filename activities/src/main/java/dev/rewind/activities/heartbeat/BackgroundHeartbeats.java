package dev.rewind.activities.heartbeat;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Heartbeats every running activity that has a heartbeat timeout from a background thread, so a
 * short heartbeat timeout (seconds) is safe for steps that block in one call (a Docker stop, a git
 * revert): a worker killed mid-step is noticed within that timeout, not at the step's StartToClose.
 * The activity's own heartbeat details (progress, a deadline kept across attempts) are re-sent as
 * they are, never replaced; the activity's StartToClose still bounds a hung call.
 */
public final class BackgroundHeartbeats extends WorkerInterceptorBase {
  /** How often the background thread heartbeats; the SDK throttles what it actually sends. */
  static final Duration EVERY = Duration.ofSeconds(1);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "rewind-background-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  /** A worker factory's options with this interceptor, for the worker and tests alike. */
  public static WorkerFactoryOptions factoryOptions() {
    return WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new BackgroundHeartbeats())
        .build();
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new KeptAlive(next, timer, EVERY);
  }
}
