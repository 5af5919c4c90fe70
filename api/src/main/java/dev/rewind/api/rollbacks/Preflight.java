package dev.rewind.api.rollbacks;

import dev.rewind.api.temporal.TemporalUnavailableException;
import dev.rewind.workflows.Precondition;
import dev.rewind.workflows.PreflightWorkflow;
import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A dry run's preconditions, checked by the workers that would run the rollback (the api never
 * touches a target): a {@link PreflightWorkflow} on {@code rewind-control}, waited for, bounded by
 * {@link PreflightWorkflow#TIMEOUT_SECONDS}. It changes nothing and is not recorded in the ledger.
 */
@Component
class Preflight {
  private final WorkflowClient client;

  Preflight(WorkflowClient client) {
    this.client = client;
  }

  /**
   * The preconditions of {@code plan}, checked under a workflow id derived from the fresh rollback
   * id {@code rollbackId} ({@code preflight-<environment>-<service>-...}).
   *
   * @throws TemporalUnavailableException when Temporal is unreachable or no worker ran the checks
   *     in time
   */
  List<Precondition> check(String rollbackId, RollbackPlan plan) {
    PreflightWorkflow preflight =
        client.newWorkflowStub(
            PreflightWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("preflight-" + rollbackId.replaceFirst("^rollback-", ""))
                .setTaskQueue(TaskQueues.CONTROL)
                .setWorkflowExecutionTimeout(Duration.ofSeconds(PreflightWorkflow.TIMEOUT_SECONDS))
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(RewindSearchAttributes.SERVICE, plan.service())
                        .set(RewindSearchAttributes.ENVIRONMENT, plan.environment())
                        .build())
                .setStaticSummary("dry run: " + plan.summary())
                .build());
    try {
      return preflight.check(plan);
    } catch (WorkflowFailedException e) {
      if (e.getCause() instanceof TimeoutFailure) {
        throw new TemporalUnavailableException(
            "no Rewind worker ran the dry run's checks within "
                + PreflightWorkflow.TIMEOUT_SECONDS
                + " s: is rewind-worker (control) running?",
            e);
      }
      throw new TemporalUnavailableException(
          "the dry run's checks failed: " + e.getCause().getMessage(), e);
    } catch (RuntimeException e) {
      throw TemporalCalls.unavailable("the dry run's checks did not run, try again", e);
    }
  }
}
