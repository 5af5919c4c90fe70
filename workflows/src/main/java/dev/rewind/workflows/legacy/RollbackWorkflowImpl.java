package dev.rewind.workflows.legacy;

import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Runs a rollback the way runbook 001 says: an attempt, compensation when it fails, a second
 * attempt, then a P0 incident and an operator's decision. {@code abort} cancels the running attempt
 * and compensates in a detached scope, so the undo runs even though the attempt was cancelled.
 */
public class RollbackWorkflowImpl implements RollbackWorkflow {
  static final int ATTEMPTS_BEFORE_ESCALATION = 2;

  private static final Logger log = Workflow.getLogger(RollbackWorkflowImpl.class);

  private final NotifyActivities notify =
      Workflow.newActivityStub(
          NotifyActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.CONTROL)
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
              .build());

  private final StepJournal journal = new StepJournal();
  private final List<ContainerSnapshot> snapshots = new ArrayList<>();
  private final List<SnapshotManifest> databaseSnapshots = new ArrayList<>();
  private final List<String> prunedSnapshots = new ArrayList<>();
  private final ApprovalGate approvals =
      new ApprovalGate(journal, this::setStatus, this::abortWith);
  private RollbackStatus status = RollbackStatus.PLANNED;
  private String outcome;
  private String lastFailure;
  private CancellationScope runningAttempt;
  private boolean abortRequested;
  private Decision decision;
  private RollbackPlan plan;
  private RollbackLedger ledger;

  private enum Decision {
    RETRY,
    ABORT,
    RESOLVE
  }

  private enum Result {
    SUCCEEDED,
    FAILED,
    UNDO_FAILED,
    ABORTED,
    REFUSED
  }

  @Override
  public RollbackState rollback(RollbackPlan plan) {
    this.plan = plan;
    this.ledger = RollbackLedger.forThisExecution();
    Strategy strategy = strategyFor(plan);
    int failures = 0;
    while (true) {
      Result result = abortRequested ? Result.ABORTED : runAttempt(strategy);
      switch (result) {
        case SUCCEEDED:
          return finish(RollbackStatus.SUCCEEDED, "rolled back to " + plan.toVersion());
        case ABORTED:
          return finish(RollbackStatus.ABORTED, outcome);
        case REFUSED:
          return finish(RollbackStatus.FAILED, "refused, nothing was changed: " + lastFailure);
        case FAILED:
          failures++;
          if (failures < ATTEMPTS_BEFORE_ESCALATION) {
            continue;
          }
          break;
        case UNDO_FAILED:
          break;
      }
      switch (escalate(plan)) {
        case RETRY:
          failures = ATTEMPTS_BEFORE_ESCALATION - 1;
          break;
        case ABORT:
          return finish(RollbackStatus.ABORTED, outcome);
        case RESOLVE:
          return finish(RollbackStatus.SUCCEEDED, outcome);
      }
    }
  }

  private Strategy strategyFor(RollbackPlan plan) {
    String id = Workflow.getInfo().getWorkflowId();
    if ("container-revert".equals(plan.strategy())) {
      return new ContainerRevert(plan, id, journal, snapshots);
    }
    if ("code-revert".equals(plan.strategy())) {
      return new CodeRevert(plan, journal);
    }
    if (MigrationRollback.ID.equals(plan.strategy())) {
      return new MigrationRollback(
          plan,
          id,
          journal,
          approvals,
          new DatabaseSteps.Taken(databaseSnapshots, prunedSnapshots));
    }
    if (BackupRestore.ID.equals(plan.strategy())) {
      return new BackupRestore(
          plan,
          id,
          journal,
          approvals,
          new DatabaseSteps.Taken(databaseSnapshots, prunedSnapshots));
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "unknown strategy " + plan.strategy(), FailureTypes.UNKNOWN_STRATEGY);
  }

  private Result runAttempt(Strategy strategy) {
    journal.startAttempt(journal.attempt() + 1);
    setStatus(RollbackStatus.RUNNING);
    Saga saga = new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
    runningAttempt = Workflow.newCancellationScope(() -> strategy.runAttempt(saga));
    try {
      runningAttempt.run();
      return Result.SUCCEEDED;
    } catch (TemporalFailure e) {
      lastFailure = StepJournal.describe(e);
      log.warn("attempt {} failed: {}", journal.attempt(), lastFailure);
      boolean undone = compensate(saga);
      // an abort that arrives while compensating is honoured too: no further attempt starts
      if (abortRequested || StepJournal.isCanceled(e)) {
        outcome = outcome == null ? "aborted" : outcome;
        return Result.ABORTED;
      }
      if (isRefusal(e)) {
        return Result.REFUSED;
      }
      return undone ? Result.FAILED : Result.UNDO_FAILED;
    } finally {
      runningAttempt = null;
    }
  }

  /** A backup refused before anything changed: another attempt would refuse it again. */
  private static boolean isRefusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af && BackupRestore.REFUSALS.contains(af.getType())) {
        return true;
      }
    }
    return false;
  }

  /** Runs the attempt's compensations, newest first, even when the workflow is being cancelled. */
  private boolean compensate(Saga saga) {
    setStatus(RollbackStatus.COMPENSATING);
    boolean[] undone = {true};
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                saga.compensate();
              } catch (Saga.CompensationException | TemporalFailure e) {
                undone[0] = false;
                lastFailure = "compensation failed: " + StepJournal.describe(e);
              }
            })
        .run();
    return undone[0];
  }

  /**
   * Declares a P0 incident, keeps maintenance as it is, and waits for an operator, re-notifying the
   * contacts while nobody answers.
   */
  private Decision escalate(RollbackPlan plan) {
    setStatus(RollbackStatus.ESCALATED);
    decision = null;
    int notification = 0;
    Duration renotify = Duration.ofMinutes(Math.max(1, plan.renotifyMinutes()));
    do {
      notification++;
      Incident incident =
          new Incident(
              Workflow.getInfo().getWorkflowId(),
              "ROLLBACK FAILED: " + plan.summary(),
              journal.attempt(),
              lastFailure,
              plan.escalationContacts(),
              notification);
      try {
        journal.run(
            "declare P0 incident",
            String.join(", ", plan.escalationContacts()),
            () -> notify.declareIncident(incident));
      } catch (TemporalFailure e) {
        if (StepJournal.isCanceled(e)) {
          outcome = "aborted: the workflow was cancelled while escalated";
          return Decision.ABORT;
        }
        log.error("could not notify {}: {}", plan.escalationContacts(), e.getMessage());
      }
      try {
        Workflow.await(renotify, () -> decision != null || abortRequested);
      } catch (CanceledFailure e) {
        outcome = "aborted: the workflow was cancelled while escalated";
        return Decision.ABORT;
      }
    } while (decision == null && !abortRequested);
    return abortRequested ? Decision.ABORT : decision;
  }

  private RollbackState finish(RollbackStatus end, String why) {
    outcome = why;
    setStatus(end);
    RollbackState last = state();
    ledger.ended(plan, last);
    return last;
  }

  private void setStatus(RollbackStatus next) {
    if (next != status) {
      status = next;
      Workflow.upsertTypedSearchAttributes(RewindSearchAttributes.STATUS.valueSet(next.name()));
      if (!next.isFinal()) {
        ledger.statusChanged(state());
      }
    }
  }

  @Override
  public RollbackState state() {
    return new RollbackState(
        status,
        journal.attempt(),
        journal.current(),
        journal.steps(),
        List.copyOf(snapshots),
        status.isFinal() ? outcome : lastFailure,
        List.copyOf(databaseSnapshots),
        List.copyOf(prunedSnapshots));
  }

  @Override
  public void approve(Approval approval) {
    if (status.isFinal() || approval == null || approval.kind() == null) {
      return;
    }
    approvals.receive(approval);
  }

  /** The approvals did not arrive in time: the attempt unwinds and the rollback ends ABORTED. */
  private void abortWith(String why) {
    outcome = why;
    abortRequested = true;
  }

  @Override
  public void retry(OperatorAction action) {
    decide(Decision.RETRY, action, "retry requested by " + action.identity());
  }

  @Override
  public void abort(OperatorAction action) {
    if (status.isFinal()) {
      return;
    }
    outcome = "aborted by " + action.identity() + ": " + action.text();
    journal.note("abort requested", action.identity(), action.text());
    abortRequested = true;
    if (runningAttempt != null) {
      runningAttempt.cancel(outcome);
    }
  }

  @Override
  public void resolve(OperatorAction action) {
    decide(
        Decision.RESOLVE,
        action,
        "resolved by hand by " + action.identity() + ": " + action.text());
  }

  private void decide(Decision kind, OperatorAction action, String why) {
    if (status != RollbackStatus.ESCALATED || decision != null) {
      log.warn("ignoring {} from {}: rollback is {}", kind, action.identity(), status);
      return;
    }
    journal.note(kind.name().toLowerCase() + " requested", action.identity(), action.text());
    if (kind == Decision.RESOLVE) {
      outcome = why;
    }
    decision = kind;
  }
}
