package dev.rewind.workflows;

import java.util.List;

/**
 * A rollback fully resolved by the api from the request and the catalog: what to roll back, from
 * which version to which, with which strategy, and everything the steps need. It is the workflow's
 * input and is recorded in its history, so it never holds a secret.
 */
public record RollbackPlan(
    String service,
    String environment,
    String strategy,
    String fromVersion,
    String toVersion,
    String reason,
    String requestedBy,
    ContainerTarget container,
    HealthCheck health,
    List<String> escalationContacts,
    int renotifyMinutes) {

  /** The one-line summary shown in the Temporal UI. */
  public String summary() {
    String from = fromVersion == null ? "current" : fromVersion;
    return strategy + " " + service + " " + environment + " " + from + " → " + toVersion;
  }
}
