package dev.rewind.workflows.legacy;

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
    int renotifyMinutes,
    List<HostTarget> hosts,
    RolloutPolicy rollout,
    CodeTarget code,
    MaintenanceMode maintenance,
    String gitSha,
    String mode,
    DatabaseTarget database,
    String targetMigration,
    String backup,
    boolean allowStaleBackup,
    List<String> approvalsRequired,
    int approvalTimeoutMinutes) {

  /** How long a rollback waits for its approvals when the plan does not say. */
  public static final int DEFAULT_APPROVAL_TIMEOUT_MINUTES = 30;

  /** The plan of a host-bound strategy, as it was before the database strategies existed. */
  public RollbackPlan(
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
      int renotifyMinutes,
      List<HostTarget> hosts,
      RolloutPolicy rollout,
      CodeTarget code,
      MaintenanceMode maintenance,
      String gitSha,
      String mode) {
    this(
        service,
        environment,
        strategy,
        fromVersion,
        toVersion,
        reason,
        requestedBy,
        container,
        health,
        escalationContacts,
        renotifyMinutes,
        hosts,
        rollout,
        code,
        maintenance,
        gitSha,
        mode,
        null,
        null,
        null,
        false,
        null,
        0);
  }

  /** The plan of a {@code container-revert}, as it was before host-bound strategies existed. */
  public RollbackPlan(
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
    this(
        service,
        environment,
        strategy,
        fromVersion,
        toVersion,
        reason,
        requestedBy,
        container,
        health,
        escalationContacts,
        renotifyMinutes,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The approval kinds this rollback waits for before its first destructive step. */
  public List<String> approvals() {
    return approvalsRequired == null ? List.of() : approvalsRequired;
  }

  /** How long to wait for the approvals before ending ABORTED with nothing changed. */
  public int approvalTimeout() {
    return approvalTimeoutMinutes > 0 ? approvalTimeoutMinutes : DEFAULT_APPROVAL_TIMEOUT_MINUTES;
  }

  /** The one-line summary shown in the Temporal UI. */
  public String summary() {
    String from = fromVersion == null ? "current" : fromVersion;
    return strategy + " " + service + " " + environment + " " + from + " → " + toVersion;
  }
}
