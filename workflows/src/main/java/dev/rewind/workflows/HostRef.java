package dev.rewind.workflows;

/**
 * A catalog host by name and how it is reached: {@code agent} (its own worker polls {@code
 * rewind-host-<name>}) or {@code ssh} (the control worker connects, with the address and key of its
 * own catalog).
 */
public record HostRef(String name, String transport) {
  public static final String AGENT = "agent";
  public static final String SSH = "ssh";

  public static HostRef agent(String name) {
    return new HostRef(name, AGENT);
  }

  /** Where this host's activities are served: its own agent's queue, or the control worker. */
  public String taskQueue() {
    return SSH.equals(transport) ? TaskQueues.CONTROL : TaskQueues.host(name);
  }
}
