package dev.rewind.workflows.legacy;

import dev.rewind.workflows.TaskQueues;
import io.temporal.activity.ActivityInterface;

/**
 * The rollback ledger and the deployment registry, kept by the api in its own database and served
 * on {@link TaskQueues#LEDGER}. The workflow reports to it; it never reads from it, so a slow or
 * unreachable ledger cannot change what a rollback does.
 */
@ActivityInterface
public interface LedgerActivities {

  /**
   * Records a status change with the timeline so far. {@code sequence} grows with every change, so
   * records that arrive out of order (they are sent without waiting) never overwrite newer ones.
   */
  void recordStatus(String rollbackId, int sequence, RollbackState state);

  /**
   * Records how the rollback ended, with its whole timeline. When it SUCCEEDED, the registry's
   * current deployment of the plan's service and environment becomes {@code plan.toVersion()}.
   */
  void recordOutcome(String rollbackId, RollbackPlan plan, RollbackState state);
}
