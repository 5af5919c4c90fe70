package dev.rewind.api.rollbacks;

import dev.rewind.api.ledger.ActionLog;
import dev.rewind.api.ledger.LedgerEntry;
import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.ledger.RollbackOutcomes;
import dev.rewind.api.web.ApiProblem;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts rollback requests. The ledger row is inserted, the workflow started, and only then the
 * row committed: a refused start (Temporal down) rolls the row back, so the ledger never names a
 * rollback that does not exist; a start whose answer was lost is settled by {@link Rollbacks}
 * asking Temporal, and the row kept when the workflow exists. Races are settled by the ledger's
 * unique indexes: a concurrent request blocks on the other's uncommitted row and then sees it (same
 * key → the same rollback; same service and environment → 409 naming it, WATCHING ones included).
 */
@Service
class RollbackIntake {
  private static final Logger log = LoggerFactory.getLogger(RollbackIntake.class);
  private static final int ATTEMPTS = 5;

  private final Rollbacks rollbacks;
  private final RollbackLedger ledger;
  private final ActionLog actions;
  private final RollbackOutcomes outcomes;
  private final TransactionTemplate tx;

  RollbackIntake(
      Rollbacks rollbacks,
      RollbackLedger ledger,
      ActionLog actions,
      RollbackOutcomes outcomes,
      TransactionTemplate tx) {
    this.rollbacks = rollbacks;
    this.ledger = ledger;
    this.actions = actions;
    this.outcomes = outcomes;
    this.tx = tx;
  }

  /**
   * A rollback accepted now ({@code replayed} false) or earlier under the same key; {@code plan} is
   * null for one accepted by the previous version, whose plan had another shape.
   */
  record Accepted(String id, RollbackPlan plan, boolean replayed) {}

  /** An earlier request with this key, if any; 422 when its body differed. */
  Optional<Accepted> replay(String identity, String key, String requestHash) {
    if (key == null) {
      return Optional.empty();
    }
    return ledger
        .byIdempotencyKey(identity, key)
        .map(
            earlier -> {
              if (!earlier.requestHash().equals(requestHash)) {
                throw ApiProblem.of(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "Idempotency-Key reused",
                        "Idempotency-Key \""
                            + key
                            + "\" was used for another request body (rollback "
                            + earlier.id()
                            + "): use a new key for a new request")
                    .with("field", "Idempotency-Key")
                    .with(
                        "errors",
                        List.of(
                            new FieldProblem(
                                "Idempotency-Key", "was used for another request body")))
                    .with("rollbackId", earlier.id())
                    .exception();
              }
              return new Accepted(
                  earlier.id(), ledger.find(earlier.id()).orElseThrow().plan(), true);
            });
  }

  Accepted accept(RollbackPlan plan, String key, String requestHash) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      String id = rollbacks.newId(plan);
      try {
        tx.executeWithoutResult(status -> startRecorded(id, plan, key, requestHash));
        return new Accepted(id, plan, false);
      } catch (TransactionException commitFailed) {
        // The workflow runs but the ledger could not record it: end it rather than lose track.
        rollbacks.terminate(id, "the Rewind ledger could not record this rollback");
        throw commitFailed;
      } catch (DuplicateKeyException raced) {
        Optional<Accepted> same = replay(plan.requestedBy(), key, requestHash);
        if (same.isPresent()) {
          return same.get();
        }
        refuseIfActive(plan);
      } catch (Rollbacks.IdTakenException clash) {
        log.warn("{}; trying another id", clash.getMessage());
      }
    }
    throw new IllegalStateException("could not record the rollback after " + ATTEMPTS + " tries");
  }

  private void startRecorded(String id, RollbackPlan plan, String key, String requestHash) {
    ledger.insert(id, plan, key, requestHash);
    actions.record(id, "requested", plan.requestedBy(), plan.reason());
    rollbacks.start(id, plan);
  }

  /**
   * The workflow ended without its final report reaching the ledger: a completed one still has its
   * final state, recorded as the ledger activities would have (a SUCCEEDED chain's registry entry
   * included, idempotently); one terminated, cancelled, failed or timed out is closed ABORTED or
   * FAILED with what Temporal says.
   */
  private void closeEnded(String id, String how) {
    log.warn("{} ended in Temporal ({}) without a final report; closing it", id, how);
    Optional<RollbackState> end =
        how.equals("completed")
            ? rollbacks.find(id).map(RollbackDescription::state)
            : Optional.empty();
    Optional<LedgerEntry> entry = ledger.find(id);
    if (end.isPresent() && entry.isPresent()) {
      RollbackState state = end.get();
      if (entry.get().legacy()) {
        outcomes.closeLegacy(id, state);
        return;
      }
      if (state.status() == RollbackStatus.SUCCEEDED) {
        outcomes.rolledBack(id, entry.get().plan());
      }
      outcomes.close(id, state);
      return;
    }
    ledger.endedOutsideRewind(
        id,
        how.equals("failed") || how.equals("timed_out")
            ? RollbackStatus.FAILED
            : RollbackStatus.ABORTED,
        "the workflow ended " + how + " in Temporal without reporting to Rewind");
  }

  /**
   * 409 naming the active rollback, unless Temporal says it has ended without telling the ledger
   * (terminated from the UI, say): then the row is closed and the caller tries again.
   */
  private void refuseIfActive(RollbackPlan plan) {
    Optional<String> active = ledger.active(plan.service(), plan.environment());
    if (active.isEmpty()) {
      return;
    }
    String id = active.get();
    Optional<String> ended = rollbacks.endedHow(id);
    if (ended.isPresent()) {
      closeEnded(id, ended.get());
      return;
    }
    throw ApiProblem.of(
            HttpStatus.CONFLICT,
            "Rollback already active",
            plan.service()
                + " "
                + plan.environment()
                + " already has an active rollback: "
                + id
                + " (abort it or wait for it to end)")
        .with("activeRollback", id)
        .with("links", Map.of("activeRollback", RollbackLinks.BASE + "/" + id))
        .exception();
  }
}
