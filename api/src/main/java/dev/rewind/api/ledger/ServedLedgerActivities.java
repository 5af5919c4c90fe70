package dev.rewind.api.ledger;

import dev.rewind.workflows.Approval;
import dev.rewind.workflows.LedgerActivities;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The ledger activities as the api's worker serves them on {@code rewind-ledger}: the activity
 * types of {@link LedgerActivities}, which {@code RollbackChain} calls. Rollbacks of the frozen
 * {@code Rollback} workflow ({@code dev.rewind.workflows.legacy}) call {@code RecordStatus} and
 * {@code RecordOutcome} too, the latter with their own plan shape: {@link OutcomePlan} reads both.
 * Kept in step with {@link LedgerActivities} by a test.
 */
@ActivityInterface
public interface ServedLedgerActivities {

  /** As {@link LedgerActivities#recordStatus}. */
  void recordStatus(String rollbackId, int sequence, RollbackState state);

  /** As {@link LedgerActivities#recordRolledBack}. */
  void recordRolledBack(String rollbackId, RollbackPlan plan);

  /**
   * As {@link LedgerActivities#recordOutcome}; for a plan of the previous shape (no {@code
   * versions}) a SUCCEEDED outcome also updates the registry, as that workflow expects.
   */
  void recordOutcome(String rollbackId, OutcomePlan plan, RollbackState state);

  /** As {@link LedgerActivities#approvals}. */
  List<Approval> approvals(String rollbackId);

  /** As {@link LedgerActivities#action}. */
  OperatorAction action(String rollbackId, long actionId);
}
