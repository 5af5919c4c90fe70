package dev.rewind.api.rollbacks;

import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one rollback back from Temporal: a running one answers its {@code state} query, a finished
 * one its result. Both need a Rewind worker; without one, the status search attribute is still
 * there and is shown with a note that the steps are unavailable. Rollbacks of the previous version
 * (type {@code Rollback}) answer in a shape the current {@link RollbackState} reads.
 */
final class RollbackReader {
  private static final Logger log = LoggerFactory.getLogger(RollbackReader.class);
  private static final Set<String> WORKFLOW_TYPES =
      Set.of(RollbackWorkflow.TYPE, RollbackSignals.LEGACY_TYPE);

  private final WorkflowClient client;

  RollbackReader(WorkflowClient client) {
    this.client = client;
  }

  /**
   * The rollback's execution, for what the typed interface has no method for: describe, result,
   * terminate.
   */
  WorkflowStub execution(String id) {
    return WorkflowStub.fromTyped(client.newWorkflowStub(RollbackWorkflow.class, id));
  }

  /** Long-polls Temporal until the workflow has closed or {@code wait} has passed. */
  void awaitEnd(String id, Duration wait) {
    try {
      execution(id).getResult(wait.toMillis(), TimeUnit.MILLISECONDS, Void.class);
    } catch (TimeoutException | WorkflowException e) {
      // still running, or ended without a result: describe() tells which
    } catch (RuntimeException e) {
      if (!isMissingWorkflow(e)) {
        throw e;
      }
    }
  }

  /** Whether Temporal has a rollback workflow with this id; throws when it cannot say. */
  Optional<Boolean> exists(String id) {
    try {
      return Optional.of(WORKFLOW_TYPES.contains(execution(id).describe().getWorkflowType()));
    } catch (RuntimeException e) {
      if (isMissingWorkflow(e)) {
        return Optional.of(false);
      }
      throw e;
    }
  }

  Optional<RollbackDescription> describe(String id) {
    WorkflowExecutionDescription description;
    try {
      description = execution(id).describe();
    } catch (RuntimeException e) {
      if (isMissingWorkflow(e)) {
        return Optional.empty();
      }
      throw e;
    }
    if (!WORKFLOW_TYPES.contains(description.getWorkflowType())) {
      return Optional.empty();
    }
    SearchAttributes attributes = description.getTypedSearchAttributes();
    String service = attributes.get(RewindSearchAttributes.SERVICE);
    String environment = attributes.get(RewindSearchAttributes.ENVIRONMENT);
    String chain = attributes.get(RewindSearchAttributes.STRATEGY);
    WorkflowExecutionStatus execution = description.getStatus();
    try {
      RollbackState state =
          switch (execution) {
            case WORKFLOW_EXECUTION_STATUS_RUNNING ->
                client.newWorkflowStub(RollbackWorkflow.class, id).state();
            case WORKFLOW_EXECUTION_STATUS_COMPLETED ->
                execution(id).getResult(1, TimeUnit.SECONDS, RollbackState.class);
            default -> null;
          };
      if (state != null) {
        return Optional.of(RollbackDescription.of(id, service, environment, chain, state));
      }
    } catch (WorkflowException | TimeoutException e) {
      log.info("no state for {}: {}", id, e.getMessage());
    }
    return Optional.of(
        RollbackDescription.withoutState(
            id,
            service,
            environment,
            chain,
            fallbackStatus(execution, attributes),
            fallbackDetail(execution)));
  }

  /** Empty while the workflow runs; else how it ended ("completed", "terminated", "unknown"). */
  Optional<String> endedHow(String id) {
    try {
      WorkflowExecutionStatus status = execution(id).describe().getStatus();
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return Optional.empty();
      }
      return Optional.of(status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase());
    } catch (RuntimeException e) {
      if (isMissingWorkflow(e)) {
        return Optional.of("unknown to Temporal");
      }
      throw e;
    }
  }

  private static RollbackStatus fallbackStatus(
      WorkflowExecutionStatus execution, SearchAttributes attributes) {
    switch (execution) {
      case WORKFLOW_EXECUTION_STATUS_FAILED, WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
        return RollbackStatus.FAILED;
      case WORKFLOW_EXECUTION_STATUS_CANCELED, WORKFLOW_EXECUTION_STATUS_TERMINATED:
        return RollbackStatus.ABORTED;
      default:
        String recorded = attributes.get(RewindSearchAttributes.STATUS);
        try {
          return recorded == null ? RollbackStatus.PLANNED : RollbackStatus.valueOf(recorded);
        } catch (IllegalArgumentException e) {
          return RollbackStatus.PLANNED;
        }
    }
  }

  private static String fallbackDetail(WorkflowExecutionStatus execution) {
    return switch (execution) {
      case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_COMPLETED ->
          "steps are unavailable: no Rewind worker answered; the status is the last one recorded";
      default ->
          "the workflow ended "
              + execution.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase()
              + " without a final state; see its history in the Temporal UI";
    };
  }

  /**
   * NOT_FOUND also answers a namespace that does not exist: that is a misconfigured API (503), not
   * a missing rollback (404).
   */
  private static boolean isMissingWorkflow(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        String description = String.valueOf(grpc.getStatus().getDescription());
        return grpc.getStatus().getCode() == Status.Code.NOT_FOUND
            && !description.startsWith("Namespace");
      }
    }
    return e instanceof WorkflowNotFoundException;
  }
}
