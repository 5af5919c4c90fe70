package dev.rewind.workflows.drill;

/**
 * How a leg's rollback ended, as the ledger says: its status and how long it took from the request
 * to its end (to now, for one that escalated and waits for a person).
 */
public record LegEnd(String status, long seconds, String outcome) {}
