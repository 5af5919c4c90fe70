package dev.rewind.workflows;

import java.util.List;
import java.util.Set;

/**
 * Where a service runs, by name, as the catalog says: what the workflow needs to route its steps.
 *
 * @param catalogDigest the digest of the catalog entry the plan was made from; workers check it
 * @param hosts the application hosts, in catalog order (the first is the canary)
 * @param databaseHost where pg_dump and pg_restore run, or null when the service has no database
 * @param health the health check's expectation, or null when the catalog declares none
 * @param maintenanceStatus what the health URL answers in maintenance (e.g. 503), or null
 * @param commands the host commands the catalog declares for this service
 */
public record Topology(
    String catalogDigest,
    List<HostRef> hosts,
    RolloutPolicy rollout,
    HostRef databaseHost,
    HealthPolicy health,
    Integer maintenanceStatus,
    Set<HostCommand> commands) {

  public boolean declares(HostCommand command) {
    return commands.contains(command);
  }

  /** How a step spreads over several hosts: at most {@code maxParallel}, canary first or not. */
  public record RolloutPolicy(int maxParallel, boolean canaryFirst) {
    public static final RolloutPolicy ONE_AT_A_TIME = new RolloutPolicy(1, false);
  }

  /** The health URL (in the worker's catalog) must answer {@code expectStatus} in time. */
  public record HealthPolicy(int expectStatus, int timeoutSeconds) {}
}
