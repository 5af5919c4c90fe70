package dev.rewind.api.rollbacks;

import dev.rewind.api.ledger.ActionLog;
import dev.rewind.api.ledger.LedgerEntry;
import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.temporal.TemporalUnavailableException;
import dev.rewind.api.web.ApiProblem;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackStatus;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * An operator's abort, retry or resolve: checked against the rollback's state as Temporal has it
 * (409 when the state does not allow it), recorded in the ledger with the operator's identity and
 * committed, then delivered as the workflow's signal carrying the ledger row's id, which the
 * workflow confirms with the ledger before it acts. Recorded first, so an answer never says
 * "nothing recorded" about a signal that got through.
 */
@Service
class OperatorDecisions {
  /**
   * The states each decision is taken in; abort in any state before the end (during the watch it
   * ends the rollback ABORTED and undoes nothing). A watch that fails escalates: then resolve.
   */
  private static final Map<String, Set<RollbackStatus>> ALLOWED =
      Map.of(
          OperatorAction.RETRY, Set.of(RollbackStatus.ESCALATED),
          OperatorAction.RESOLVE, Set.of(RollbackStatus.ESCALATED));

  /** What was done, the ledger's id of it, and the status it was done in. */
  record Delivered(
      String id, long actionId, String action, String by, RollbackStatus statusBefore) {}

  private final Rollbacks rollbacks;
  private final RollbackSignals signals;
  private final RollbackLedger ledger;
  private final ActionLog actions;

  OperatorDecisions(
      Rollbacks rollbacks, RollbackSignals signals, RollbackLedger ledger, ActionLog actions) {
    this.rollbacks = rollbacks;
    this.signals = signals;
    this.ledger = ledger;
    this.actions = actions;
  }

  Delivered decide(String id, String kind, String identity, String text) {
    LedgerEntry entry = ledger.find(id).orElseThrow(() -> ApiProblem.notFound("Rollback", id));
    RollbackStatus status =
        rollbacks.find(id).orElseThrow(() -> ApiProblem.notFound("Rollback", id)).status();
    if (status.isFinal()) {
      throw conflict(id, kind, status, "it has already ended " + status);
    }
    Set<RollbackStatus> allowed = ALLOWED.get(kind);
    if (allowed != null && !allowed.contains(status)) {
      throw conflict(id, kind, status, "only " + allowed + " rollbacks can be " + past(kind));
    }
    long actionId = actions.record(id, kind, identity, text);
    try {
      signals.decided(id, new OperatorAction(actionId, kind, identity, text), entry.legacy());
    } catch (TemporalUnavailableException e) {
      throw ApiProblem.of(
              HttpStatus.SERVICE_UNAVAILABLE,
              "Temporal unavailable",
              "the "
                  + kind
                  + " is recorded as action "
                  + actionId
                  + "; "
                  + e.getMessage()
                  + " (see GET /api/v1/rollbacks/"
                  + id
                  + "; send it again if its status has not changed)")
          .with("actionId", actionId)
          .exception();
    }
    return new Delivered(id, actionId, kind, identity, status);
  }

  private static String past(String kind) {
    return OperatorAction.RETRY.equals(kind) ? "retried" : "resolved";
  }

  private static RuntimeException conflict(
      String id, String kind, RollbackStatus status, String why) {
    return ApiProblem.of(
            HttpStatus.CONFLICT,
            "Not allowed in this state",
            "cannot " + kind + " " + id + " while it is " + status + ": " + why)
        // not "status": that member is the HTTP status of the problem (RFC 9457)
        .with("rollbackStatus", status)
        .exception();
  }
}
