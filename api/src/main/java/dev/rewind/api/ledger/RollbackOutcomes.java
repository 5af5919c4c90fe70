package dev.rewind.api.ledger;

import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records how a rollback ended, once: the ledger row is closed with the whole timeline and, for a
 * SUCCEEDED one, the registry's current version becomes the version rolled back to. Used by the
 * ledger activity and, when the workflow ended without reaching it, by the api itself.
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

  /** True when this call recorded the end; false when it was recorded before (or no row). */
  public boolean record(String rollbackId, RollbackPlan plan, RollbackState state) {
    Boolean recorded =
        tx.execute(
            status -> {
              if (!ledger.recordOutcome(rollbackId, state)) {
                return false;
              }
              if (state.status() == RollbackStatus.SUCCEEDED) {
                registry.rolledBack(
                    plan.service(), plan.environment(), plan.toVersion(), rollbackId);
              }
              return true;
            });
    if (Boolean.TRUE.equals(recorded)) {
      ledger.find(rollbackId).ifPresent(metrics::ended);
      log.info("{} ended {}: {}", rollbackId, state.status(), state.outcome());
      return true;
    }
    return false;
  }
}
