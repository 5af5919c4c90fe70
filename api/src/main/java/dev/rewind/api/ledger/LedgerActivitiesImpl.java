package dev.rewind.api.ledger;

import dev.rewind.workflows.LedgerActivities;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ledger activities, run by the api's own worker on {@code rewind-ledger} so that only the api
 * touches its database. A report for a row that is not there yet (its transaction is still
 * committing) fails retryably; the workflow's retry policy brings it back.
 */
@Component
class LedgerActivitiesImpl implements LedgerActivities {
  static final String NOT_YET = "RollbackNotInLedgerYet";
  private static final Logger log = LoggerFactory.getLogger(LedgerActivitiesImpl.class);

  private final RollbackLedger ledger;
  private final RollbackOutcomes outcomes;
  private final RollbackMetrics metrics;

  LedgerActivitiesImpl(RollbackLedger ledger, RollbackOutcomes outcomes, RollbackMetrics metrics) {
    this.ledger = ledger;
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
  public void recordOutcome(String rollbackId, RollbackPlan plan, RollbackState state) {
    if (!outcomes.record(rollbackId, plan, state)) {
      requireRow(rollbackId);
    }
  }

  private void requireRow(String rollbackId) {
    if (!ledger.exists(rollbackId)) {
      throw ApplicationFailure.newFailure(rollbackId + " is not in the ledger yet", NOT_YET);
    }
  }
}
