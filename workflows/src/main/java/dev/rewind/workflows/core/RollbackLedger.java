package dev.rewind.workflows.core;

import dev.rewind.workflows.Approval;
import dev.rewind.workflows.LedgerActivities;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * The workflow's side of the api's ledger. Status changes are sent without waiting, so the ledger
 * never slows a rollback down; the registry update and the outcome are awaited for a bounded time
 * and a ledger that stays unreachable is logged, not allowed to fail a rollback that did its job.
 * Approvals and operator actions are read from it: they are true there alone.
 */
public final class RollbackLedger {
  static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(2);
  private static final Logger log = Workflow.getLogger(RollbackLedger.class);

  private final LedgerActivities statusStub = stub("ledger: status", Duration.ofMinutes(10));
  private final LedgerActivities outcomeStub = stub("ledger: outcome", OUTCOME_TIMEOUT);
  private final LedgerActivities readStub = stub("ledger: read", Duration.ofMinutes(5));
  private final String rollbackId;
  private int sequence;

  public RollbackLedger(String rollbackId) {
    this.rollbackId = rollbackId;
  }

  private static LedgerActivities stub(String summary, Duration within) {
    return Workflow.newActivityStub(
        LedgerActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.LEDGER)
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setScheduleToCloseTimeout(within)
            .setRetryOptions(
                RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(10)).build())
            .setSummary(summary)
            .build());
  }

  public void statusChanged(RollbackState state) {
    sequence++;
    Async.procedure(statusStub::recordStatus, rollbackId, sequence, state);
  }

  /** The chain succeeded: the registry's current version becomes the one rolled back to. */
  public void rolledBack(RollbackPlan plan) {
    try {
      outcomeStub.recordRolledBack(rollbackId, plan);
    } catch (TemporalFailure e) {
      if (StepJournal.isCanceled(e)) {
        throw e;
      }
      log.error("the registry did not record {}: {}", plan.versions().to(), e.getMessage());
    }
  }

  public void ended(RollbackPlan plan, RollbackState state) {
    try {
      outcomeStub.recordOutcome(rollbackId, plan, state);
    } catch (TemporalFailure e) {
      log.error("the ledger did not record the outcome {}: {}", state.status(), e.getMessage());
    }
  }

  /** The approvals the api recorded, each with the identity of the token that gave it. */
  public List<Approval> approvals() {
    return readStub.approvals(rollbackId);
  }

  /** The operator action recorded under {@code actionId}, or null when the ledger has none. */
  public OperatorAction action(long actionId) {
    return readStub.action(rollbackId, actionId);
  }
}
