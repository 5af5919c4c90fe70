package dev.rewind.workflows;

import dev.rewind.workflows.core.StepJournal;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The SLA of the request's severity (by default P0 15 min, P1 30 min, P2 2 h; the catalog may say
 * otherwise per environment): a durable timer from the incident's detection — the time the api
 * accepted the request, or the assessment's — beside the rollback in a detached scope. When it
 * fires before the rollback ended, the breach is noted among the steps ("SLA breached") and
 * announced {@code sla-breached}. A rollback whose history began before the clock existed starts
 * none, and one whose history began before the detection was kept counts from its own start, so
 * both replay as they ran.
 */
public final class SlaClock {
  /** The step that records a breach, as reports and metrics find it. */
  public static final String BREACHED_STEP = "SLA breached";

  static final String CHANGE_ID = "sla-clock";

  private boolean breached;

  /** Whether the rollback's steps record a breach of its SLA. */
  public static boolean breached(RollbackState state) {
    return state != null && state.steps().stream().anyMatch(s -> s.name().equals(BREACHED_STEP));
  }

  boolean breached() {
    return breached;
  }

  void start(RollbackPlan plan, StepJournal journal, StatusNotices notices, BooleanSupplier ended) {
    int minutes = plan.escalation().slaMinutes();
    int version =
        minutes <= 0
            ? Workflow.DEFAULT_VERSION
            : Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 2);
    if (version == Workflow.DEFAULT_VERSION) {
      return;
    }
    // version 1 counted from the workflow's start; 2 counts from the plan's detection
    long now = Workflow.currentTimeMillis();
    long from = version == 1 ? now : plan.detectedAt(now);
    // a detection in the future (clocks apart) counts from now; one long past may leave no time
    Duration sla =
        Duration.ofMillis(
            Math.max(0, Duration.ofMinutes(minutes).toMillis() - Math.max(0, now - from)));
    Workflow.newDetachedCancellationScope(
            () ->
                Async.procedure(
                    () -> {
                      if (sla.isZero()
                          ? ended.getAsBoolean()
                          : Workflow.await(sla, ended::getAsBoolean)) {
                        return;
                      }
                      breached = true;
                      String what = plan.escalation().severity() + " SLA of " + minutes + " min";
                      String since = version == 1 ? " min" : " min after the detection";
                      journal.note(BREACHED_STEP, what, "still running " + minutes + since);
                      notices.slaBreached(what + " breached: " + plan.summary());
                    }))
        .run();
  }
}
