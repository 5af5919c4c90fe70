package dev.rewind.api.ledger;

import java.time.Instant;

/** An approval of a rollback: its kind (dba, manager), by whom, when, with what comment. */
public record Approval(
    String rollbackId, String kind, String approvedBy, String comment, Instant approvedAt) {}
