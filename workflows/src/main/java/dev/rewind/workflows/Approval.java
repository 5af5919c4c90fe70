package dev.rewind.workflows;

/**
 * An approval of a rollback (runbook 002: a database rollback needs a DBA and a manager): its
 * {@code kind} ({@code dba}, {@code manager}), the identity that gave it, and an optional comment.
 * Recorded by the api in its ledger with the identity of the token that gave it; the workflow reads
 * it from there ({@link LedgerActivities#approvals}), so an approval signalled by anyone else
 * counts for nothing.
 */
public record Approval(String kind, String identity, String comment) {
  public static final String DBA = "dba";
  public static final String MANAGER = "manager";
}
