package dev.rewind.workflows.legacy;

/**
 * An approval of a rollback (runbook 002: a database rollback needs a DBA and a manager): its
 * {@code kind} ({@code dba}, {@code manager}), the identity that gave it, and an optional comment.
 * Delivered by the api as the workflow's {@code approve} signal.
 */
public record Approval(String kind, String identity, String comment) {
  public static final String DBA = "dba";
  public static final String MANAGER = "manager";
}
