package dev.rewind.catalog;

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

  public enum Transport {
    AGENT,
    SSH;

    public String id() {
      return name().toLowerCase();
    }
  }
}
