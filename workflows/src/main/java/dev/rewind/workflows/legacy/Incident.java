package dev.rewind.workflows.legacy;

import java.util.List;

/** A P0 incident declared when a rollback failed twice, sent to the escalation contacts. */
public record Incident(
    String rollbackId,
    String summary,
    int attempts,
    String lastFailure,
    List<String> contacts,
    int notification) {}
