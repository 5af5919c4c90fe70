package dev.rewind.api.ledger;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the ledger records as a rollback goes: the registry once its chain succeeded (the service
 * runs the version rolled back to from then on, watch or not), and the end, once. Used by the
 * ledger activities and, when the workflow ended without reaching them, by the api itself.
 */
@Component
public class RollbackOutcomes {
  private static final Logger log = LoggerFactory.getLogger(RollbackOutcomes.class);

  private final RollbackLedger ledger;
  private final DeploymentRegistry registry;
  private final RollbackMetrics metrics;
  private final TransactionTemplate tx;

  RollbackOutcomes(
      RollbackLedger ledger,
      DeploymentRegistry registry,
      RollbackMetrics metrics,
      TransactionTemplate tx) {
    this.ledger = ledger;
    this.registry = registry;
    this.metrics = metrics;
    this.tx = tx;
  }

  /**
   * The chain succeeded: exactly the deployment rolled back from ({@code
   * plan.versions().fromDeployment()}, by id) is marked ROLLED_BACK and the version rolled back to
   * is recorded as current. Idempotent.
   */
  public void rolledBack(String rollbackId, RollbackPlan plan) {
    RollbackPlan.Versions v = plan.versions();
    registry.rolledBack(plan.service(), plan.environment(), v.fromDeployment(), v.to(), rollbackId);
  }

  /** Closes the row with the final state; true when this call closed it. */
  public boolean close(String rollbackId, RollbackState state) {
    return closed(rollbackId, state, ledger.recordOutcome(rollbackId, state));
  }

  /**
   * Closes the row of a rollback of the previous version, which expects its SUCCEEDED outcome to
   * update the registry: the deployment rolled back from is the newest entry of its from-version
   * recorded before the rollback was requested, never whatever is newest now.
   */
  public boolean closeLegacy(String rollbackId, RollbackState state) {
    Boolean recorded =
        tx.execute(
            status -> {
              if (!ledger.recordOutcome(rollbackId, state)) {
                return false;
              }
              if (state.status() == RollbackStatus.SUCCEEDED) {
                LedgerEntry row = ledger.find(rollbackId).orElseThrow();
                Long from =
                    row.fromVersion() == null
                        ? null
                        : registry
                            .newestOfBefore(
                                row.service(),
                                row.environment(),
                                row.fromVersion(),
                                row.requestedAt())
                            .map(Deployment::id)
                            .orElse(null);
                registry.rolledBack(
                    row.service(), row.environment(), from, row.toVersion(), rollbackId);
              }
              return true;
            });
    return closed(rollbackId, state, Boolean.TRUE.equals(recorded));
  }

  private boolean closed(String rollbackId, RollbackState state, boolean recorded) {
    if (recorded) {
      ledger
          .find(rollbackId)
          .ifPresent(
              entry -> {
                metrics.ended(entry);
                metrics.sla(entry, state);
              });
      log.info("{} ended {}: {}", rollbackId, state.status(), state.outcome());
    }
    return recorded;
  }
}
