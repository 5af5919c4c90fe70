package dev.rewind.api.rollbacks;

import dev.rewind.api.temporal.TemporalUnavailableException;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackIds;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackWorkflow;
import dev.rewind.workflows.TaskQueues;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Rollbacks as Temporal holds them: starting one is starting a {@code Rollback} workflow, so once
 * {@link #start} returns the request cannot be lost. Temporal being unreachable surfaces as {@link
 * TemporalUnavailableException}, never as an accepted rollback.
 */
@Component
public class Rollbacks {
  private static final Logger log = LoggerFactory.getLogger(Rollbacks.class);
  // Ids carry a random suffix; a clash within the same second is retried with a fresh one.
  private static final int ID_ATTEMPTS = 3;

  private final WorkflowClient client;
  private final Clock clock;
  private final RandomGenerator random;
  private final RollbackReader reader;

  @Autowired
  public Rollbacks(WorkflowClient client) {
    this(client, Clock.systemUTC(), new SecureRandom());
  }

  Rollbacks(WorkflowClient client, Clock clock, RandomGenerator random) {
    this.client = client;
    this.clock = clock;
    this.random = random;
    this.reader = new RollbackReader(client);
  }

  /** Starts the rollback's workflow under a fresh id and returns the id (the workflow id). */
  public String start(RollbackPlan plan) {
    for (int attempt = 1; ; attempt++) {
      String id = newId(plan);
      try {
        start(id, plan);
        return id;
      } catch (IdTakenException e) {
        if (attempt == ID_ATTEMPTS) {
          throw new IllegalStateException("could not find a free rollback id", e);
        }
      }
    }
  }

  public String newId(RollbackPlan plan) {
    return RollbackIds.newId(plan.environment(), plan.service(), clock.instant(), random);
  }

  /**
   * Starts the rollback's workflow under {@code id}.
   *
   * @throws IdTakenException when Temporal already has a workflow with this id
   * @throws TemporalUnavailableException when Temporal could not be reached: nothing was started
   */
  public void start(String id, RollbackPlan plan) {
    RollbackWorkflow workflow = client.newWorkflowStub(RollbackWorkflow.class, options(id, plan));
    try {
      WorkflowClient.start(workflow::rollback, plan);
      log.info("started {}: {} (requested by {})", id, plan.summary(), plan.requestedBy());
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new IdTakenException(id, e);
    } catch (RuntimeException e) {
      throw unavailable("nothing was started, try again", e);
    }
  }

  /** Thrown when a rollback id is already a workflow id in Temporal. */
  public static class IdTakenException extends RuntimeException {
    IdTakenException(String id, Throwable cause) {
      super("workflow id " + id + " is taken", cause);
    }
  }

  /**
   * How Temporal says the workflow ended, or empty while it runs. A workflow Temporal does not know
   * counts as ended.
   */
  public Optional<String> endedHow(String id) {
    try {
      return reader.endedHow(id);
    } catch (RuntimeException e) {
      throw unavailable("could not check " + id, e);
    }
  }

  /**
   * Delivers an operator's decision (abort, retry, resolve, with an {@link OperatorAction}) or an
   * approval (approve, with an {@link dev.rewind.workflows.Approval}) to the rollback's workflow.
   */
  public void signal(String id, String signal, Object argument) {
    try {
      client.newUntypedWorkflowStub(id).signal(signal, argument);
    } catch (RuntimeException e) {
      throw unavailable("the " + signal + " was not delivered, try again", e);
    }
  }

  /** Ends a workflow the ledger could not record, so that nothing runs unaccounted for. */
  public void terminate(String id, String reason) {
    try {
      client.newUntypedWorkflowStub(id).terminate(reason);
    } catch (RuntimeException e) {
      log.error("could not terminate {} ({}): terminate it in the Temporal UI", id, reason, e);
    }
  }

  /** Waits at most {@code wait} for the rollback to end; returns at once when it already has. */
  public void awaitEnd(String id, Duration wait) {
    try {
      reader.awaitEnd(id, wait);
    } catch (RuntimeException e) {
      throw unavailable("could not wait for " + id, e);
    }
  }

  /** The rollback's status and steps, or empty when no rollback has this id. */
  public Optional<RollbackDescription> find(String id) {
    try {
      return reader.describe(id);
    } catch (RuntimeException e) {
      throw unavailable("could not read " + id, e);
    }
  }

  static WorkflowOptions options(String id, RollbackPlan plan) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(TaskQueues.CONTROL)
        .setTypedSearchAttributes(RewindSearchAttributes.initial(plan))
        .setStaticSummary(plan.summary())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .build();
  }

  /** Transport and server failures become 503s; anything else is a bug and stays a 500. */
  private static RuntimeException unavailable(String what, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        Status status = grpc.getStatus();
        String why = status.getDescription() == null ? "" : ": " + status.getDescription();
        boolean down =
            status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
        return new TemporalUnavailableException(
            (down ? "Temporal is unavailable (" : "Temporal refused the call (")
                + status.getCode()
                + why
                + "): "
                + what,
            e);
      }
    }
    return e;
  }
}
