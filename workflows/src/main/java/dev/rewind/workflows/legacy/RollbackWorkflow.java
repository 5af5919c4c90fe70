package dev.rewind.workflows.legacy;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A rollback: runs the plan's strategy with compensation, a second attempt after a failure, and
 * escalation to an operator after two. Approvers signal {@code approve}; operators steer it with
 * {@code retry}, {@code abort} and {@code resolve}; {@code state} tells where it stands.
 */
@WorkflowInterface
public interface RollbackWorkflow {

  @WorkflowMethod(name = "Rollback")
  RollbackState rollback(RollbackPlan plan);

  @QueryMethod
  RollbackState state();

  /**
   * An approval ({@code dba}, {@code manager}) by an identity. A rollback that needs approvals
   * waits for every required kind, each from a different identity, before its first destructive
   * step.
   */
  @SignalMethod
  void approve(Approval approval);

  /** Runs one more attempt of an escalated rollback. */
  @SignalMethod
  void retry(OperatorAction action);

  /** Stops the rollback, undoes what it did, ends ABORTED. */
  @SignalMethod
  void abort(OperatorAction action);

  /** The operator fixed the service by hand: the rollback ends SUCCEEDED with their note. */
  @SignalMethod
  void resolve(OperatorAction action);
}
