package dev.rewind.workflows.legacy;

import dev.rewind.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The workflow's side of the ledger. Status changes are sent without waiting, so the ledger never
 * slows a rollback down; the outcome is awaited for at most {@link #OUTCOME_TIMEOUT}, and a ledger
 * that stays unreachable is logged, not allowed to fail a rollback that did its job.
 *
 * <p>Rollbacks started before the ledger existed replay without it ({@code Workflow.getVersion}).
 */
final class RollbackLedger {
  static final String CHANGE_ID = "ledger";
  static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(2);

  private static final Logger log = Workflow.getLogger(RollbackLedger.class);

  private final LedgerActivities statusStub =
      Workflow.newActivityStub(
          LedgerActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.LEDGER)
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setScheduleToCloseTimeout(Duration.ofMinutes(10))
              .setSummary("ledger: status")
              .build());

  private final LedgerActivities outcomeStub =
      Workflow.newActivityStub(
          LedgerActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.LEDGER)
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setScheduleToCloseTimeout(OUTCOME_TIMEOUT)
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(10)).build())
              .setSummary("ledger: outcome and registry")
              .build());

  private final boolean enabled;
  private int sequence;

  private RollbackLedger(boolean enabled) {
    this.enabled = enabled;
  }

  /** Decides once, at the start of the workflow, whether this execution reports to the ledger. */
  static RollbackLedger forThisExecution() {
    int version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1);
    return new RollbackLedger(version >= 1);
  }

  void statusChanged(RollbackState state) {
    if (enabled) {
      sequence++;
      Async.procedure(
          statusStub::recordStatus, Workflow.getInfo().getWorkflowId(), sequence, state);
    }
  }

  void ended(RollbackPlan plan, RollbackState state) {
    if (!enabled) {
      return;
    }
    try {
      outcomeStub.recordOutcome(Workflow.getInfo().getWorkflowId(), plan, state);
    } catch (TemporalFailure e) {
      log.error("the ledger did not record the outcome {}: {}", state.status(), e.getMessage());
    }
  }
}
