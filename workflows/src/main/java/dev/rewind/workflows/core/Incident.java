package dev.rewind.workflows.core;

/**
 * A P0 incident declared when a rollback failed twice or its watch failed, sent to the escalation
 * targets of the service's catalog entry (resolved by the worker, never named here).
 */
public record Incident(
    String rollbackId, String summary, int attempts, String lastFailure, int notification) {}
