package dev.rewind.workflows.legacy;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Commands on a host: stop and start services, maintenance mode, reinstall. Served by the host's
 * agent worker, or by the control worker over SSH for hosts with transport {@code ssh}. A non-zero
 * exit is a non-retryable {@link FailureTypes#COMMAND_FAILED}; an unreachable host is retried.
 */
@ActivityInterface
public interface HostActivities {

  /**
   * Runs {@code argv} (never through a shell on the agent; each argument single-quoted over SSH) in
   * {@code workDir} (null: the login directory). Returns the exit code and the tail of its output.
   */
  String runCommand(HostTarget host, String purpose, List<String> argv, String workDir);
}
