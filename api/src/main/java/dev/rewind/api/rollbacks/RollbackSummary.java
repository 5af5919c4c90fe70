package dev.rewind.api.rollbacks;

import dev.rewind.api.ledger.LedgerEntry;
import dev.rewind.workflows.RollbackStatus;
import java.time.Instant;
import java.util.List;

/** One line of {@code GET /api/v1/rollbacks}, from the ledger. */
record RollbackSummary(
    String id,
    String service,
    String environment,
    String strategy,
    List<String> strategies,
    String fromVersion,
    String toVersion,
    RollbackStatus status,
    String requestedBy,
    String reason,
    Instant requestedAt,
    Instant finishedAt,
    String outcome,
    RollbackLinks.Links links) {

  static RollbackSummary of(LedgerEntry e, RollbackLinks.Links links) {
    return new RollbackSummary(
        e.id(),
        e.service(),
        e.environment(),
        e.strategy(),
        e.strategies(),
        e.fromVersion(),
        e.toVersion(),
        e.status(),
        e.requestedBy(),
        e.reason(),
        e.requestedAt(),
        e.finishedAt(),
        e.outcome(),
        links);
  }
}
