package dev.rewind.workflows.legacy;

import dev.rewind.workflows.TaskQueues;

/**
 * A catalog host a step runs on, and how to reach it. {@code agent}: a Rewind agent worker on the
 * host polls {@code rewind-host-<name>}. {@code ssh}: the control worker connects to {@code
 * address} as {@code user} with the key in {@code privateKeyFile}, trusting only the host keys in
 * {@code knownHostsFile}. Only file paths are held, never key contents: this record is kept in
 * workflow history.
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

  /** Where this host's activities are served: its own agent's queue, or the control worker. */
  public String taskQueue() {
    return SSH.equals(transport) ? TaskQueues.CONTROL : TaskQueues.host(name);
  }

  /** Fills the {@code {host}} placeholder the catalog allows in paths, commands and URLs. */
  public String fill(String text) {
    return text == null ? null : text.replace("{host}", name);
  }
}
