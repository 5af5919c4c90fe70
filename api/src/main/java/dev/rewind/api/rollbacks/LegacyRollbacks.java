package dev.rewind.api.rollbacks;

import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.legacy.RollbackWorkflow;
import io.temporal.client.WorkflowClient;

/**
 * Rollbacks started by the previous version (workflow type {@code Rollback}, frozen in {@code
 * dev.rewind.workflows.legacy}) until none runs. They answer the same {@code state} query and take
 * the same {@code approve} signal as {@code RollbackChain}; only the operator's signals have
 * another shape (who and why, no ledger action id), so they go through the frozen interface.
 */
final class LegacyRollbacks {
  static final String WORKFLOW_TYPE = "Rollback";

  private LegacyRollbacks() {}

  static void decided(WorkflowClient client, String id, OperatorAction action) {
    RollbackWorkflow workflow = client.newWorkflowStub(RollbackWorkflow.class, id);
    var legacy = new dev.rewind.workflows.legacy.OperatorAction(action.identity(), action.text());
    switch (action.kind()) {
      case OperatorAction.ABORT -> workflow.abort(legacy);
      case OperatorAction.RETRY -> workflow.retry(legacy);
      case OperatorAction.RESOLVE -> workflow.resolve(legacy);
      default -> throw new IllegalArgumentException("unknown operator action " + action.kind());
    }
  }
}
