package dev.rewind.activities.host;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to run argv on a host: locally on the agent's own host, or over one SSH connection. Command,
 * git and service logic is written once against this and runs the same through either. Closing ends
 * the connection; one shell serves one activity execution.
 */
public interface HostShell extends AutoCloseable {

  /**
   * Runs {@code argv} in {@code workDir} (null: the default directory) and waits at most {@code
   * timeout}. A non-zero exit is a result, not an exception; an unreachable host or a timeout is a
   * retryable failure, a rejected host key or login a non-retryable one.
   */
  default CommandResult run(List<String> argv, String workDir, Duration timeout) {
    return run(argv, Map.of(), workDir, timeout);
  }

  /**
   * As {@link #run(List, String, Duration)}, with {@code env} (names the catalog gives this
   * command, with the worker's values) in the command's environment besides PATH, HOME and LANG.
   * The values never appear in an argv, on the remote command line or in the result.
   */
  CommandResult run(List<String> argv, Map<String, String> env, String workDir, Duration timeout);

  /** Where commands run, for step details: "agent a (pid 4242)", "ssh deploy@10.0.0.7:22". */
  String where();

  @Override
  void close();
}
