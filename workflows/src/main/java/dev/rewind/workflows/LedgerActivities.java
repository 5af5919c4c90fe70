package dev.rewind.workflows;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The rollback ledger and the deployment registry, kept by the api in its own database and served
 * on {@link TaskQueues#LEDGER}. The workflow reports to it, and reads from it the only things that
 * are true there alone: who approved, and which operator actions were taken.
 */
@ActivityInterface
public interface LedgerActivities {

  /**
   * Records a status change with the timeline so far. {@code sequence} grows with every change, so
   * records that arrive out of order (they are sent without waiting) never overwrite newer ones.
   */
  void recordStatus(String rollbackId, int sequence, RollbackState state);

  /**
   * The chain succeeded: the registry marks {@code plan.versions().fromDeployment()} ROLLED_BACK
   * and records {@code plan.versions().to()} as the current deployment. Idempotent.
   */
  void recordRolledBack(String rollbackId, RollbackPlan plan);

  /** Records how the rollback ended, with its whole timeline. */
  void recordOutcome(String rollbackId, RollbackPlan plan, RollbackState state);

  /**
   * The approvals the api recorded for this rollback, each with the identity of the token that gave
   * it, oldest first.
   */
  List<Approval> approvals(String rollbackId);

  /**
   * The operator action the api recorded for this rollback under {@code actionId}, or null when it
   * has none (a signal sent around the api).
   */
  OperatorAction action(String rollbackId, long actionId);
}
