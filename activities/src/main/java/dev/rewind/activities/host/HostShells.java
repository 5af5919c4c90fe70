package dev.rewind.activities.host;

import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.HostTarget;
import dev.rewind.workflows.FailureTypes;
import java.time.Duration;

/**
 * Opens the shell for a catalog host as this worker may reach it: an agent worker runs commands on
 * its own host only; the control worker reaches {@code ssh} hosts. A task that arrives at a worker
 * that does not serve its host fails at once instead of acting on the wrong machine. Every shell
 * redacts the output it returns with this worker's {@link Redaction}.
 */
public final class HostShells {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final String agentHost;
  private final boolean ssh;
  private final Duration connectTimeout;
  private final Redaction redaction;

  private HostShells(String agentHost, boolean ssh, Duration connectTimeout, Redaction redaction) {
    this.agentHost = agentHost;
    this.ssh = ssh;
    this.connectTimeout = connectTimeout;
    this.redaction = redaction;
  }

  /** The agent role on {@code host}: local commands for that host only. */
  public static HostShells agent(String host, Redaction redaction) {
    return new HostShells(host, false, CONNECT_TIMEOUT, redaction);
  }

  /** The control role: SSH hosts only. */
  public static HostShells control(Redaction redaction) {
    return control(redaction, CONNECT_TIMEOUT);
  }

  public static HostShells control(Redaction redaction, Duration connectTimeout) {
    return new HostShells(null, true, connectTimeout, redaction);
  }

  public HostShell open(HostTarget host) {
    if (host.ssh()) {
      if (!ssh) {
        throw wrongHost(host, "an agent worker does not reach ssh hosts");
      }
      return new SshShell(host, connectTimeout, redaction);
    }
    if (!host.name().equals(agentHost)) {
      throw wrongHost(
          host, agentHost == null ? "this is not an agent worker" : "this agent is " + agentHost);
    }
    return new LocalShell(agentHost, redaction);
  }

  private static RuntimeException wrongHost(HostTarget host, String why) {
    return Failures.permanent(
        FailureTypes.WRONG_HOST,
        "a task for host " + host.name() + " reached this worker: " + why,
        null);
  }
}
