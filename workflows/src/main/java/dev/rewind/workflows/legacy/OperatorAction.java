package dev.rewind.workflows.legacy;

/** An operator's decision on a rollback (retry, abort, resolve): who, and why. */
public record OperatorAction(String identity, String text) {}
