package dev.rewind.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A rollback: runs the plan's chain of strategies as one saga, compensates and tries the whole
 * chain a second time after a failure, escalates to an operator after two, and then watches the
 * service when the plan asks for it. Signals only wake it up: approvals and operator actions count
 * once the api's ledger has them ({@link LedgerActivities}). {@code state} tells where it stands.
 */
@WorkflowInterface
public interface RollbackWorkflow {
  /** The workflow type; {@code Rollback} is the frozen type of the previous plan shape. */
  String TYPE = "RollbackChain";

  @WorkflowMethod(name = TYPE)
  RollbackState rollback(RollbackPlan plan);

  @QueryMethod
  RollbackState state();

  /** An approval was recorded in the ledger: the workflow reads the approvals from there. */
  @SignalMethod
  void approve(Approval approval);

  /** Runs one more attempt of an escalated rollback (or watches again after a failed watch). */
  @SignalMethod
  void retry(OperatorAction action);

  /** Stops the rollback, undoes what the running chain did, ends ABORTED. */
  @SignalMethod
  void abort(OperatorAction action);

  /** The operator fixed the service by hand: the rollback ends SUCCEEDED with their note. */
  @SignalMethod
  void resolve(OperatorAction action);
}
