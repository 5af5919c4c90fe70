package dev.rewind.api.rollbacks;

import dev.rewind.workflows.Approval;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflow;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.StepStatus;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Stands in for the real workflow so the API's use of Temporal can be tested without it: one step
 * running until {@code abort}. A plan whose reason is {@link #BROKEN_QUERY} fails the state query,
 * as a missing worker would. It records the signals it got, for tests of what the api sends.
 */
public class FakeRollbackWorkflow implements RollbackWorkflow {
  static final String BROKEN_QUERY = "the state query fails";

  private RollbackPlan plan;
  private OperatorAction aborted;

  @Override
  public RollbackState rollback(RollbackPlan plan) {
    this.plan = plan;
    Workflow.await(() -> aborted != null);
    return state();
  }

  @Override
  public RollbackState state() {
    if (BROKEN_QUERY.equals(plan.reason())) {
      throw new IllegalStateException("no state");
    }
    boolean running = aborted == null;
    StepRecord step =
        new StepRecord(
            "inspect container",
            plan.topology().hosts().get(0).name(),
            1,
            running ? StepStatus.RUNNING : StepStatus.CANCELED,
            1_000L,
            running ? null : 2_000L,
            null);
    return new RollbackState(
        running ? RollbackStatus.RUNNING : RollbackStatus.ABORTED,
        1,
        running ? step.name() : null,
        List.of(step),
        List.of(),
        running
            ? null
            : "aborted by " + aborted.identity() + " (action " + aborted.actionId() + ")",
        List.of(),
        List.of(),
        null);
  }

  /** Approvals are accepted and ignored: the fake never waits for them. */
  @Override
  public void approve(Approval approval) {}

  @Override
  public void retry(OperatorAction action) {}

  @Override
  public void abort(OperatorAction action) {
    aborted = action;
  }

  @Override
  public void resolve(OperatorAction action) {}
}
