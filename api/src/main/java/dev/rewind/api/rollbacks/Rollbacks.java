package dev.rewind.api.rollbacks;

import dev.rewind.api.temporal.TemporalUnavailableException;
import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackIds;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackWorkflow;
import dev.rewind.workflows.TaskQueues;
import io.grpc.Status;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Rollbacks as Temporal holds them, through the typed {@link RollbackWorkflow} interface: starting
 * one is starting a {@code RollbackChain} workflow, so once {@link #start} returns the request
 * cannot be lost. Temporal being unreachable surfaces as {@link TemporalUnavailableException},
 * never as an accepted rollback; a start whose answer was lost is settled by asking Temporal
 * whether the workflow exists.
 */
@Component
public class Rollbacks {
  private static final Logger log = LoggerFactory.getLogger(Rollbacks.class);
  // Codes that may come back although the server started the workflow.
  private static final Set<Status.Code> UNCERTAIN =
      Set.of(
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.UNKNOWN,
          Status.Code.CANCELLED,
          Status.Code.INTERNAL);

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

  public String newId(RollbackPlan plan) {
    return RollbackIds.newId(plan.environment(), plan.service(), clock.instant(), random);
  }

  /**
   * Starts the rollback's workflow under {@code id}. When Temporal's answer is lost (the call timed
   * out, or failed with UNKNOWN), the workflow id is described before anything is concluded: if the
   * workflow exists it was started, and this returns normally.
   *
   * @throws IdTakenException when Temporal already has a workflow with this id
   * @throws TemporalUnavailableException when the workflow was not started, or Temporal could not
   *     say whether it was (it is then terminated should it exist)
   */
  public void start(String id, RollbackPlan plan) {
    RollbackWorkflow workflow = client.newWorkflowStub(RollbackWorkflow.class, options(id, plan));
    try {
      WorkflowClient.start(workflow::rollback, plan);
      log.info("started {}: {} (requested by {})", id, plan.summary(), plan.requestedBy());
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new IdTakenException(id, e);
    } catch (RuntimeException e) {
      Optional<Status.Code> code = TemporalCalls.code(e);
      if (code.isEmpty() || !UNCERTAIN.contains(code.get())) {
        throw TemporalCalls.unavailable("nothing was started, try again", e);
      }
      settleUncertainStart(id, plan, code.get(), e);
    }
  }

  private void settleUncertainStart(
      String id, RollbackPlan plan, Status.Code code, RuntimeException e) {
    Optional<Boolean> exists;
    try {
      exists = reader.exists(id);
    } catch (RuntimeException describeFailed) {
      exists = Optional.empty();
    }
    if (exists.orElse(false)) {
      log.warn("start of {} answered {}, but the workflow exists: it was started", id, code);
      log.info("started {}: {} (requested by {})", id, plan.summary(), plan.requestedBy());
      return;
    }
    if (exists.isPresent()) {
      throw TemporalCalls.unavailable("nothing was started, try again", e);
    }
    terminate(id, "Rewind could not confirm this start, and did not record it");
    throw TemporalCalls.unavailable(
        "Temporal did not confirm whether "
            + id
            + " started; it was not recorded (and is"
            + " terminated should it exist): try again",
        e);
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
      throw TemporalCalls.unavailable("could not check " + id, e);
    }
  }

  /** Ends a workflow the ledger could not record, so that nothing runs unaccounted for. */
  public void terminate(String id, String reason) {
    try {
      reader.execution(id).terminate(reason);
    } catch (RuntimeException e) {
      log.error("could not terminate {} ({}): terminate it in the Temporal UI", id, reason, e);
    }
  }

  /** Waits at most {@code wait} for the rollback to end; returns at once when it already has. */
  public void awaitEnd(String id, Duration wait) {
    try {
      reader.awaitEnd(id, wait);
    } catch (RuntimeException e) {
      throw TemporalCalls.unavailable("could not wait for " + id, e);
    }
  }

  /** The rollback's status and steps, or empty when no rollback has this id. */
  public Optional<RollbackDescription> find(String id) {
    try {
      return reader.describe(id);
    } catch (RuntimeException e) {
      throw TemporalCalls.unavailable("could not read " + id, e);
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
}
