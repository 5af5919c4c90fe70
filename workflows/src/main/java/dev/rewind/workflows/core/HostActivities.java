package dev.rewind.workflows.core;

import dev.rewind.workflows.HostCommand;
import io.temporal.activity.ActivityInterface;
import java.util.Map;

/**
 * Catalog commands on a host: maintenance, stop, start, reinstall, migrations. Served by the host's
 * agent worker, or by the control worker over SSH for hosts with transport {@code ssh}. The argv,
 * working directory, environment and timeout come from the worker's catalog; a non-zero exit is a
 * non-retryable {@code CommandFailed}, an unreachable host is retried.
 */
@ActivityInterface
public interface HostActivities {

  /**
   * Runs the catalog's {@code command} for {@code target}, filling its placeholders from {@code
   * values} ({@code version}, {@code gitSha}, {@code targetMigration}), each validated again here.
   * Heartbeats while it runs; a cancelled or timed-out command is killed with its process group.
   * Returns the exit code and the bounded, redacted tail of its output.
   */
  String runCommand(Target target, HostCommand command, Map<String, String> values);

  /**
   * Whether this worker reaches {@code target.host()} as the catalog says (an SSH host: connects,
   * checks the host key, runs {@code true}). Changes nothing; a dry run's precondition.
   */
  String reach(Target target);
}
