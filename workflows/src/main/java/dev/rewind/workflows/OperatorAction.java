package dev.rewind.workflows;

/**
 * An operator's decision on a rollback ({@code retry}, {@code abort}, {@code resolve}) as the api
 * recorded it in its ledger under {@code actionId}: who, and why. The signal that carries it only
 * wakes the workflow up; the workflow acts on the ledger's record of that id ({@link
 * LedgerActivities#action}), never on the signal's own fields.
 */
public record OperatorAction(long actionId, String kind, String identity, String text) {
  public static final String RETRY = "retry";
  public static final String ABORT = "abort";
  public static final String RESOLVE = "resolve";
}
