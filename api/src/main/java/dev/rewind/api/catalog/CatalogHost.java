package dev.rewind.api.catalog;

import dev.rewind.workflows.HostTarget;

/**
 * A machine Rewind acts on. An {@code agent} host runs a Rewind agent worker polling {@code
 * rewind-host-<name>}; an {@code ssh} host is reached over SSH with a key and a pinned known_hosts
 * file, so {@code address}, {@code user}, {@code privateKeyFile} and {@code knownHostsFile} are set
 * exactly for ssh hosts.
 */
public record CatalogHost(
    String name,
    Transport transport,
    String address,
    String user,
    String privateKeyFile,
    String knownHostsFile) {

  /**
   * How a workflow reaches this host: paths to the key and known_hosts, never their contents, since
   * the plan is kept in the workflow's history.
   */
  public HostTarget target() {
    return new HostTarget(name, transport.id(), address, user, privateKeyFile, knownHostsFile);
  }

  public enum Transport {
    AGENT,
    SSH;

    public String id() {
      return name().toLowerCase();
    }
  }
}
