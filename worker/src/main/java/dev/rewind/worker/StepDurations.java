package dev.rewind.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;

/**
 * {@code rewind_step_duration_seconds}: how long each step's attempt ran on this worker, a
 * histogram by activity type (the step), task queue and outcome, for the Grafana dashboard's
 * per-step durations and the per-step timing of {@code bench/container-revert}.
 */
final class StepDurations extends WorkerInterceptorBase {
  private final MeterRegistry registry;

  StepDurations(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityInfo info;

      @Override
      public void init(ActivityExecutionContext context) {
        info = context.getInfo();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        long started = System.nanoTime();
        String outcome = "failed";
        try {
          ActivityOutput output = super.execute(input);
          outcome = "completed";
          return output;
        } finally {
          Timer.builder("rewind.step.duration")
              .description("one attempt of a step (activity) on this worker")
              .tag("activity_type", info.getActivityType())
              .tag("task_queue", info.getActivityTaskQueue())
              .tag("outcome", outcome)
              .publishPercentileHistogram()
              .register(registry)
              .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
      }
    };
  }
}
