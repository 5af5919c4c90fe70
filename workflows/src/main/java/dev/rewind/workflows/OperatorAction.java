package dev.rewind.workflows;

/** An operator's decision on a rollback (retry, abort, resolve): who, and why. */
public record OperatorAction(String identity, String text) {}
