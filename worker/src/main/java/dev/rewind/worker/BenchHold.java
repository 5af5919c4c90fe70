package dev.rewind.worker;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For {@code bench/resume} only, off unless {@code REWIND_BENCH_HOLD=<ActivityType>:<n>:<ms>} is
 * set: the n-th execution of that activity type in this process holds for that long before it runs,
 * logging {@code bench hold: <type> #<n>}, so the bench can SIGKILL the worker while exactly that
 * step runs (a Docker call takes milliseconds, too short to aim a kill at). The step itself then
 * runs unchanged on the next worker.
 */
final class BenchHold extends WorkerInterceptorBase {
  private static final Logger log = LoggerFactory.getLogger(BenchHold.class);

  private final String type;
  private final int nth;
  private final long millis;
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

  private BenchHold(String type, int nth, long millis) {
    this.type = type;
    this.nth = nth;
    this.millis = millis;
  }

  /** The hold {@code REWIND_BENCH_HOLD} asks for, or null. */
  static BenchHold fromEnvironment(Map<String, String> env) {
    String spec = env.get("REWIND_BENCH_HOLD");
    if (spec == null || spec.isBlank()) {
      return null;
    }
    String[] parts = spec.split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException("REWIND_BENCH_HOLD must be <ActivityType>:<n>:<ms>");
    }
    return new BenchHold(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private String running;

      @Override
      public void init(ActivityExecutionContext context) {
        running = context.getInfo().getActivityType();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        int count = seen.computeIfAbsent(running, t -> new AtomicInteger()).incrementAndGet();
        if (running.equals(type) && count == nth) {
          log.info("bench hold: {} #{} for {} ms", running, count, millis);
          try {
            Thread.sleep(millis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return super.execute(input);
      }
    };
  }
}
