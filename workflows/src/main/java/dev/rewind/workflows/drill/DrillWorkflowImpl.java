package dev.rewind.workflows.drill;

import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.core.Notice;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Back to known-good, then forward to the version the service ran, each leg a rollback the api
 * starts and the ledger reports on; forward only after back succeeded (a failed back leg was
 * compensated, so the service still runs its version; an escalated one waits for a person). Then
 * the run is recorded and {@code drill-result} announced to the targets routed for it.
 */
public class DrillWorkflowImpl implements DrillWorkflow {
  static final String EVENT = "drill-result";
  static final String LINK = "/api/v1/drills";
  private static final Logger log = Workflow.getLogger(DrillWorkflowImpl.class);

  private final DrillActivities drills =
      Workflow.newActivityStub(
          DrillActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.LEDGER)
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofSeconds(30))
                      .setDoNotRetry(DrillActivities.REFUSED)
                      .build())
              .build());

  // Waits as long as the rollback runs (approvals included); a restarted api resumes it within
  // the heartbeat timeout, and a wait that outlives StartToClose simply starts again.
  private final DrillActivities waits =
      Workflow.newActivityStub(
          DrillActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.LEDGER)
              .setStartToCloseTimeout(Duration.ofHours(1))
              .setHeartbeatTimeout(Duration.ofSeconds(20))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofSeconds(10))
                      .build())
              .setSummary("wait for the leg's rollback to end")
              .build());

  private final NotifyActivities notify =
      Workflow.newActivityStub(
          NotifyActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.CONTROL)
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setBackoffCoefficient(2)
                      .setMaximumAttempts(4)
                      .build())
              .setSummary("notify drill-result")
              .build());

  @Override
  public DrillRun drill(DrillInput input) {
    String runId = Workflow.getInfo().getWorkflowId();
    DrillStart start = drills.begin(input, runId);
    DrillLeg back =
        leg(
            () -> drills.startBack(input, runId),
            running -> drills.recordRun(run(input, start, running, null, null, DrillRun.RUNNING)));
    DrillLeg forward =
        back.succeeded()
            ? leg(
                () -> drills.startForward(input, runId, back.fromVersion(), back.toVersion()),
                running ->
                    drills.recordRun(run(input, start, back, running, null, DrillRun.RUNNING)))
            : DrillLeg.notRun(DrillLeg.SKIPPED, "the back leg ended " + back.status());
    boolean passed = back.succeeded() && forward.succeeded();
    DrillRun run =
        run(
            input,
            start,
            back,
            forward,
            Workflow.currentTimeMillis(),
            passed ? DrillRun.PASSED : DrillRun.FAILED);
    drills.recordRun(run);
    announce(start.notifyTarget(), run);
    return run;
  }

  /**
   * Starts a leg's rollback, records the run with it (so the api lists the rollback under way), and
   * waits for its end; a refusal is the leg's outcome, not a crash.
   */
  private DrillLeg leg(Supplier<StartedLeg> starting, Consumer<DrillLeg> record) {
    StartedLeg started;
    try {
      started = starting.get();
    } catch (ActivityFailure e) {
      return DrillLeg.notRun(DrillLeg.REFUSED, reason(e));
    }
    DrillLeg running = DrillLeg.running(started);
    record.accept(running);
    return running.ended(waits.awaitEnd(started.rollbackId()));
  }

  /** The run so far; the SLA is met or missed once the back leg succeeded. */
  private static DrillRun run(
      DrillInput input,
      DrillStart start,
      DrillLeg back,
      DrillLeg forward,
      Long finishedAtMillis,
      String outcome) {
    Boolean slaMet =
        back.succeeded() && start.slaMinutes() > 0
            ? back.seconds() <= start.slaMinutes() * 60L
            : null;
    return new DrillRun(
        input.drillId(),
        Workflow.getInfo().getWorkflowId(),
        start.startedAtMillis(),
        finishedAtMillis,
        back,
        forward,
        start.slaMinutes(),
        slaMet,
        outcome);
  }

  private static String reason(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure refused
        ? refused.getOriginalMessage()
        : e.getMessage();
  }

  /** Delivers the result to every target routed for drill-result; a failed delivery is logged. */
  private void announce(Target target, DrillRun run) {
    Notice notice =
        new Notice(
            EVENT,
            run.runId(),
            run.summary(),
            run.outcome(),
            detail(run),
            LINK,
            Workflow.currentTimeMillis());
    try {
      Map<String, List<String>> routes = notify.routes(target);
      for (String name : routes.getOrDefault(EVENT, List.of())) {
        try {
          notify.deliver(target, name, notice);
        } catch (TemporalFailure e) {
          log.warn("could not notify {} of {}: {}", name, run.runId(), e.getMessage());
        }
      }
    } catch (TemporalFailure e) {
      log.error("no notification routes for {}: {}", run.runId(), e.getMessage());
    }
  }

  private static String detail(DrillRun run) {
    StringBuilder detail = new StringBuilder();
    for (DrillLeg leg : new DrillLeg[] {run.back(), run.forward()}) {
      if (leg.rollbackId() != null || leg.detail() != null) {
        detail.append(leg == run.back() ? "back: " : "forward: ");
        detail.append(leg.rollbackId() == null ? "" : leg.rollbackId() + " ");
        detail.append(leg.detail() == null ? "" : leg.detail());
        detail.append('\n');
      }
    }
    return detail.toString().strip();
  }
}
