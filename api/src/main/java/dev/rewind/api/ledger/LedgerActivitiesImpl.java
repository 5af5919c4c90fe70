package dev.rewind.api.ledger;

import dev.rewind.workflows.Approval;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ledger activities, run by the api's own worker on {@code rewind-ledger} so that only the api
 * touches its database. A report for a row that is not there yet (its transaction is still
 * committing) fails retryably; the workflow's retry policy brings it back. Approvals and operator
 * actions are read from here: the workflow acts on nothing a signal says by itself.
 */
@Component
class LedgerActivitiesImpl implements ServedLedgerActivities {
  static final String NOT_YET = "RollbackNotInLedgerYet";
  private static final Logger log = LoggerFactory.getLogger(LedgerActivitiesImpl.class);

  private final RollbackLedger ledger;
  private final ActionLog actions;
  private final RollbackOutcomes outcomes;
  private final RollbackMetrics metrics;

  LedgerActivitiesImpl(
      RollbackLedger ledger,
      ActionLog actions,
      RollbackOutcomes outcomes,
      RollbackMetrics metrics) {
    this.ledger = ledger;
    this.actions = actions;
    this.outcomes = outcomes;
    this.metrics = metrics;
  }

  @Override
  public void recordStatus(String rollbackId, int sequence, RollbackState state) {
    if (ledger.recordStatus(rollbackId, sequence, state)) {
      if (state.status() == RollbackStatus.ESCALATED) {
        ledger.find(rollbackId).ifPresent(e -> metrics.escalated(e.strategy()));
      }
      return;
    }
    requireRow(rollbackId);
    log.debug("{}: status report {} is older than what the ledger has", rollbackId, sequence);
  }

  @Override
  public void recordRolledBack(String rollbackId, RollbackPlan plan) {
    requireRow(rollbackId);
    outcomes.rolledBack(rollbackId, plan);
  }

  @Override
  public void recordOutcome(String rollbackId, OutcomePlan plan, RollbackState state) {
    boolean closed =
        plan.legacy() ? outcomes.closeLegacy(rollbackId, state) : outcomes.close(rollbackId, state);
    if (!closed) {
      requireRow(rollbackId);
    }
  }

  @Override
  public List<Approval> approvals(String rollbackId) {
    return actions.approvals(rollbackId).stream()
        .map(a -> new Approval(a.kind(), a.approvedBy(), a.comment()))
        .toList();
  }

  @Override
  public OperatorAction action(String rollbackId, long actionId) {
    return actions.operatorAction(rollbackId, actionId).orElse(null);
  }

  private void requireRow(String rollbackId) {
    if (!ledger.exists(rollbackId)) {
      throw ApplicationFailure.newFailure(rollbackId + " is not in the ledger yet", NOT_YET);
    }
  }
}
