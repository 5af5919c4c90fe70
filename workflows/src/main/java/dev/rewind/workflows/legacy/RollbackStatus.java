package dev.rewind.workflows.legacy;

/**
 * The lifecycle of a rollback, as the API and the {@code RewindStatus} search attribute show it.
 */
public enum RollbackStatus {
  PLANNED,
  AWAITING_APPROVAL,
  RUNNING,
  COMPENSATING,
  ESCALATED,
  SUCCEEDED,
  FAILED,
  ABORTED;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == ABORTED;
  }
}
