package dev.rewind.api.ledger;

import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import java.time.Instant;

/**
 * One rollback as the ledger holds it: who asked, why, the plan, the last state the workflow
 * reported (null until it reported one) and, once ended, its outcome and end time.
 */
public record LedgerEntry(
    String id,
    String service,
    String environment,
    String strategy,
    String fromVersion,
    String toVersion,
    RollbackStatus status,
    boolean active,
    String requestedBy,
    String reason,
    RollbackPlan plan,
    RollbackState state,
    String outcome,
    Instant requestedAt,
    Instant updatedAt,
    Instant finishedAt) {}
