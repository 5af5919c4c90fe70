package dev.rewind.workflows.core;

import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.RollbackPlan;

/**
 * What an activity acts on, by name only: a service's environment on one catalog host, and the
 * digest of the catalog entry the plan was made from. The worker resolves every command, address,
 * path and secret from its own catalog; it refuses with {@link
 * dev.rewind.workflows.FailureTypes#NOT_IN_CATALOG} what its catalog lacks and with {@link
 * dev.rewind.workflows.FailureTypes#CATALOG_DRIFT} an entry whose digest differs.
 */
public record Target(
    String service, String environment, String host, String transport, String catalogDigest) {

  public static Target of(RollbackPlan plan, HostRef host) {
    return new Target(
        plan.service(),
        plan.environment(),
        host.name(),
        host.transport(),
        plan.topology().catalogDigest());
  }

  public HostRef hostRef() {
    return new HostRef(host, transport);
  }

  /** Where this target's activities are served: the host's agent, or the control worker. */
  public String taskQueue() {
    return hostRef().taskQueue();
  }

  /** "host (ssh)" or "host", as summaries show it. */
  public String where() {
    return HostRef.SSH.equals(transport) ? host + " (ssh)" : host;
  }
}
