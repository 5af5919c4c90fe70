package dev.rewind.workflows.core;

import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.config.ConfigFailures;
import dev.rewind.workflows.database.DatabaseFailures;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.Consumer;

/**
 * One attempt of a chain, as runbook 000 runs it: every strategy's checks (nothing changed yet) →
 * approvals, asked once for the chain → maintenance on → (when the chain touches the database) the
 * application stopped on every host → each strategy's snapshot and change, in order → the catalog's
 * {@code database.migrate} when code was reverted on top of a restored database (runbook 000 step
 * 6) → the application started → health verified and maintenance off → each strategy's finishing
 * work. Compensations are registered in one saga, so a failure in strategy k undoes k … 1, newest
 * first. Maintenance is not a compensation: it stays on until an attempt succeeds.
 */
public final class ChainAttempt {
  private final Chain chain;
  private final List<Strategy> strategies;
  private final ApprovalGate approvals;
  // true while the strategies' checks run: nothing has been changed by this attempt yet
  private boolean checking;

  public ChainAttempt(Chain chain, List<Strategy> strategies, ApprovalGate approvals) {
    this.chain = chain;
    this.strategies = strategies;
    this.approvals = approvals;
  }

  /** How an attempt ended; {@code failure} says why when it did not succeed. */
  public record Ended(Result result, String failure) {}

  public enum Result {
    SUCCEEDED,
    /** Failed and compensated: a further attempt may follow. */
    FAILED,
    /** Failed, and a compensation failed too: an operator must look. */
    UNDO_FAILED,
    ABORTED,
    /** Refused before anything changed (a bad backup): another attempt would refuse again. */
    REFUSED
  }

  /**
   * Runs the next attempt in a cancellation scope an abort can cancel; when it fails, runs its
   * compensations newest first in a detached scope, so the undo runs even when it was cancelled.
   */
  public Ended attempt(OperatorActions actions, Consumer<RollbackStatus> status) {
    StepJournal journal = chain.journal();
    journal.startAttempt(journal.attempt() + 1);
    status.accept(RollbackStatus.RUNNING);
    Saga saga = new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
    CancellationScope scope = Workflow.newCancellationScope(() -> run(saga));
    actions.running(scope);
    try {
      scope.run();
      return new Ended(Result.SUCCEEDED, null);
    } catch (TemporalFailure e) {
      String failure = StepJournal.describe(e);
      Workflow.getLogger(ChainAttempt.class)
          .warn("attempt {} failed: {}", journal.attempt(), failure);
      status.accept(RollbackStatus.COMPENSATING);
      String undoFailure = compensate(saga);
      // an abort that arrives while compensating is honoured too: no further attempt starts
      if (actions.abortRequested() || StepJournal.isCanceled(e)) {
        return new Ended(Result.ABORTED, failure);
      }
      // refused by the first attempt's checks, nothing changed; later, an earlier attempt has
      // (maintenance is on), and a refusal past the checks follows changes: both escalate
      if (checking && journal.attempt() == 1 && isRefusal(e)) {
        return new Ended(Result.REFUSED, failure);
      }
      return undoFailure == null
          ? new Ended(Result.FAILED, failure)
          : new Ended(Result.UNDO_FAILED, undoFailure);
    } finally {
      actions.running(null);
    }
  }

  /** The compensations, newest first; null when all ran, else what failed. */
  private static String compensate(Saga saga) {
    String[] failed = {null};
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                saga.compensate();
              } catch (Saga.CompensationException | TemporalFailure e) {
                failed[0] = "compensation failed: " + StepJournal.describe(e);
              }
            })
        .run();
    return failed[0];
  }

  /**
   * A refused backup, or a plan the worker's catalog refuses (names it lacks, a value that fails
   * validation, another catalog version): another attempt would be refused the same way.
   */
  private static boolean isRefusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af
          && (DatabaseFailures.REFUSALS.contains(af.getType())
              || CATALOG_REFUSALS.contains(af.getType()))) {
        return true;
      }
    }
    return false;
  }

  private static final List<String> CATALOG_REFUSALS =
      List.of(
          FailureTypes.NOT_IN_CATALOG,
          FailureTypes.INVALID_VALUE,
          FailureTypes.CATALOG_DRIFT,
          ConfigFailures.BACKUP_SET_INVALID);

  private void run(Saga saga) {
    RollbackPlan plan = chain.plan();
    HostSteps hosts = chain.hosts();
    checking = true;
    strategies.forEach(Strategy::check);
    checking = false;
    approvals.await(plan.approvals());
    hosts.maintenanceOn();
    if (chain.applicationStopped()) {
      saga.addCompensation(hosts::startAgain);
      hosts.stopAll();
    }
    for (Strategy strategy : strategies) {
      strategy.change(saga);
    }
    if (chain.applicationStopped()) {
      if (migratesAfterCodeRevert(plan)) {
        hosts.command(
            hosts.target(plan.topology().databaseHost()), HostCommand.MIGRATE, Steps.STEP);
      }
      hosts.startAll();
    }
    hosts.verifyAndLeaveMaintenance();
    strategies.forEach(Strategy::finish);
  }

  /** Code reverted after a database strategy, and a migrate command in the catalog. */
  public static boolean migratesAfterCodeRevert(RollbackPlan plan) {
    List<StrategyId> ids = plan.strategyIds();
    int code = ids.indexOf(StrategyId.CODE_REVERT);
    boolean databaseBefore =
        code > 0 && ids.subList(0, code).stream().anyMatch(StrategyId::touchesDatabase);
    return databaseBefore
        && plan.topology().databaseHost() != null
        && plan.topology().declares(HostCommand.MIGRATE);
  }
}
