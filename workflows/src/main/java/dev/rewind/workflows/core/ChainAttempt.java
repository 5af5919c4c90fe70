package dev.rewind.workflows.core;

import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.StrategyId;
import io.temporal.workflow.Saga;
import java.util.List;

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

  public ChainAttempt(Chain chain, List<Strategy> strategies, ApprovalGate approvals) {
    this.chain = chain;
    this.strategies = strategies;
    this.approvals = approvals;
  }

  public void run(Saga saga) {
    RollbackPlan plan = chain.plan();
    HostSteps hosts = chain.hosts();
    strategies.forEach(Strategy::check);
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
