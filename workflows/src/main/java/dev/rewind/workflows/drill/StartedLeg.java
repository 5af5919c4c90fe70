package dev.rewind.workflows.drill;

/** A drill leg's rollback, started by the api: its id and the versions it moves between. */
public record StartedLeg(String rollbackId, String fromVersion, String toVersion) {}
