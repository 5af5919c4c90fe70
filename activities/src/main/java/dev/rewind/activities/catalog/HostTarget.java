package dev.rewind.activities.catalog;

/**
 * A catalog host as this worker resolved it from its own catalog, and how to reach it. {@code
 * agent}: the Rewind agent worker on the host runs commands locally. {@code ssh}: the control
 * worker connects to {@code address} as {@code user} with the key in {@code privateKeyFile},
 * trusting only the host keys in {@code knownHostsFile}. Internal to the worker: never part of
 * workflow input or history.
 */
public record HostTarget(
    String name,
    String transport,
    String address,
    String user,
    String privateKeyFile,
    String knownHostsFile) {
  public static final String AGENT = "agent";
  public static final String SSH = "ssh";

  public static HostTarget agent(String name) {
    return new HostTarget(name, AGENT, null, null, null, null);
  }

  public boolean ssh() {
    return SSH.equals(transport);
  }
}
