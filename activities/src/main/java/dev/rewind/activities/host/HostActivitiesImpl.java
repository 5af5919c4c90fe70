package dev.rewind.activities.host;

import dev.rewind.workflows.HostActivities;
import dev.rewind.workflows.HostTarget;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a catalog command (stop, start, reinstall, maintenance) on a host and keeps its exit code
 * and output tail as the step's detail. A non-zero exit fails the step without retrying it: the
 * same command would fail the same way, so the attempt is compensated instead.
 */
public class HostActivitiesImpl implements HostActivities {
  static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);
  private static final Logger log = LoggerFactory.getLogger(HostActivitiesImpl.class);

  private final HostShells shells;

  public HostActivitiesImpl(HostShells shells) {
    this.shells = shells;
  }

  @Override
  public String runCommand(HostTarget host, String purpose, List<String> argv, String workDir) {
    try (HostShell shell = shells.open(host)) {
      CommandResult result = shell.run(argv, workDir, COMMAND_TIMEOUT);
      log.info("{} on {}: {}", purpose, host.name(), result.summary());
      if (!result.succeeded()) {
        throw HostFailures.commandFailed(purpose + " (" + String.join(" ", argv) + ")", result);
      }
      return result.summary();
    }
  }
}
