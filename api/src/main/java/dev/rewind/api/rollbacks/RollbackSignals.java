package dev.rewind.api.rollbacks;

import dev.rewind.workflows.Approval;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackWorkflow;
import io.temporal.client.WorkflowClient;
import org.springframework.stereotype.Component;

/**
 * Wakes a rollback's workflow, through its typed interface, once the ledger has recorded what it is
 * told about: the workflow reads approvals and operator actions back from the ledger and acts on
 * nothing a signal says by itself. Rollbacks started by the previous version (workflow type {@value
 * #LEGACY_TYPE}, frozen in {@code dev.rewind.workflows.legacy}, until none runs) take the same
 * {@code approve} signal, and the operator's signals in their own shape (no action id).
 */
@Component
public class RollbackSignals {
  static final String LEGACY_TYPE = "Rollback";

  private final WorkflowClient client;

  RollbackSignals(WorkflowClient client) {
    this.client = client;
  }

  /** An approval was recorded in the ledger. */
  public void approved(String id, Approval approval) {
    try {
      client.newWorkflowStub(RollbackWorkflow.class, id).approve(approval);
    } catch (RuntimeException e) {
      throw TemporalCalls.unavailable("the approval was not delivered", e);
    }
  }

  /** An operator's decision was recorded in the ledger under {@code action.actionId()}. */
  public void decided(String id, OperatorAction action, boolean legacy) {
    try {
      if (legacy) {
        decidedLegacy(id, action);
        return;
      }
      RollbackWorkflow workflow = client.newWorkflowStub(RollbackWorkflow.class, id);
      switch (action.kind()) {
        case OperatorAction.ABORT -> workflow.abort(action);
        case OperatorAction.RETRY -> workflow.retry(action);
        default -> workflow.resolve(action);
      }
    } catch (RuntimeException e) {
      throw TemporalCalls.unavailable(
          "Temporal did not confirm the " + action.kind() + " reached " + id, e);
    }
  }

  private void decidedLegacy(String id, OperatorAction action) {
    var workflow = client.newWorkflowStub(dev.rewind.workflows.legacy.RollbackWorkflow.class, id);
    var legacy = new dev.rewind.workflows.legacy.OperatorAction(action.identity(), action.text());
    switch (action.kind()) {
      case OperatorAction.ABORT -> workflow.abort(legacy);
      case OperatorAction.RETRY -> workflow.retry(legacy);
      default -> workflow.resolve(legacy);
    }
  }
}
