package dev.rewind.workflows;

/**
 * The lifecycle of a rollback, as the API and the {@code RewindStatus} search attribute show it.
 * {@code WATCHING}: the chain succeeded and the service is being watched for {@code
 * monitorMinutes}.
 */
public enum RollbackStatus {
  PLANNED,
  AWAITING_APPROVAL,
  RUNNING,
  COMPENSATING,
  ESCALATED,
  WATCHING,
  SUCCEEDED,
  FAILED,
  ABORTED;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == ABORTED;
  }
}
