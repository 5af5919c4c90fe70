package dev.rewind.activities;

import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackWorkflow;
import dev.rewind.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.function.Predicate;

/** The real rollback workflow started as the api starts it, for tests with real activities. */
public final class TestRollbacks {
  private TestRollbacks() {}

  /** Starts the rollback of {@code plan} as {@code workflowId} on the control queue. */
  public static WorkflowStub start(
      TestWorkflowEnvironment env, String workflowId, RollbackPlan plan) {
    RollbackWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                RollbackWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(workflowId)
                    .setTaskQueue(TaskQueues.CONTROL)
                    .setTypedSearchAttributes(RewindSearchAttributes.initial(plan))
                    .build());
    WorkflowClient.start(workflow::rollback, plan);
    return WorkflowStub.fromTyped(workflow);
  }

  /** The rollback's state once {@code condition} holds, polled on the environment's clock. */
  public static RollbackState awaitState(
      TestWorkflowEnvironment env, WorkflowStub stub, Predicate<RollbackState> condition) {
    for (int i = 0; i < 600; i++) {
      RollbackState state = stub.query("state", RollbackState.class);
      if (condition.test(state)) {
        return state;
      }
      env.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("never reached: " + stub.query("state", RollbackState.class));
  }
}
