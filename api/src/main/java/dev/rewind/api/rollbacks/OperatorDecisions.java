package dev.rewind.api.rollbacks;

import dev.rewind.api.ledger.ActionLog;
import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.web.ApiProblem;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackStatus;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * An operator's abort, retry or resolve: checked against the rollback's state as Temporal has it
 * (409 when the state does not allow it), delivered as the workflow's signal, and recorded in the
 * ledger with the operator's identity.
 */
@Service
class OperatorDecisions {
  enum Decision {
    ABORT("abort"),
    RETRY("retry"),
    RESOLVE("resolve");

    final String signal;

    Decision(String signal) {
      this.signal = signal;
    }
  }

  /** What was done, and the status it was done in. */
  record Delivered(String id, String action, String by, RollbackStatus statusBefore) {}

  private static final Set<RollbackStatus> ESCALATED_ONLY = Set.of(RollbackStatus.ESCALATED);

  private final Rollbacks rollbacks;
  private final RollbackLedger ledger;
  private final ActionLog actions;

  OperatorDecisions(Rollbacks rollbacks, RollbackLedger ledger, ActionLog actions) {
    this.rollbacks = rollbacks;
    this.ledger = ledger;
    this.actions = actions;
  }

  Delivered decide(String id, Decision decision, String identity, String text) {
    if (!ledger.exists(id)) {
      throw ApiProblem.notFound("Rollback", id);
    }
    RollbackStatus status =
        rollbacks.find(id).orElseThrow(() -> ApiProblem.notFound("Rollback", id)).status();
    if (status.isFinal()) {
      throw conflict(id, decision, status, "it has already ended " + status);
    }
    if (decision != Decision.ABORT && !ESCALATED_ONLY.contains(status)) {
      throw conflict(id, decision, status, "only an ESCALATED rollback can be " + past(decision));
    }
    rollbacks.signal(id, decision.signal, new OperatorAction(identity, text));
    actions.record(id, decision.signal, identity, text);
    return new Delivered(id, decision.signal, identity, status);
  }

  private static String past(Decision d) {
    return d == Decision.RETRY ? "retried" : "resolved";
  }

  private static RuntimeException conflict(
      String id, Decision decision, RollbackStatus status, String why) {
    return ApiProblem.of(
            HttpStatus.CONFLICT,
            "Not allowed in this state",
            "cannot " + decision.signal + " " + id + " while it is " + status + ": " + why)
        .with("status", status)
        .exception();
  }
}
