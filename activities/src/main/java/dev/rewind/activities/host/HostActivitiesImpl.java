package dev.rewind.activities.host;

import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.CatalogCommand;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.HostTarget;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.core.HostActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a catalog command (maintenance, stop, start, reinstall, migrations) on a host and keeps its
 * exit code and bounded, redacted output tail as the step's detail. The argv and working directory
 * come from this worker's catalog ({@link CatalogTargets}), the plan only names the command and
 * gives the values of its placeholders. A non-zero exit fails the step without retrying it: the
 * same command would fail the same way, so the attempt is compensated instead.
 */
public class HostActivitiesImpl implements HostActivities {
  /** How long a catalog command may run before it is killed with its process group. */
  /** The longest any catalog timeout may be; tests give a shorter bound. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofHours(24);

  private static final Duration REACH_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REPORT_MARGIN = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(HostActivitiesImpl.class);

  private final CatalogTargets targets;
  private final HostShells shells;
  private final Duration commandTimeout;
  private final Map<String, String> environment;

  public HostActivitiesImpl(CatalogTargets targets, HostShells shells) {
    this(targets, shells, COMMAND_TIMEOUT, System.getenv());
  }

  /**
   * {@code environment}: the worker's, where the variables the catalog gives a command ({@code
   * env}) are read at the moment the command runs.
   */
  public HostActivitiesImpl(
      CatalogTargets targets,
      HostShells shells,
      Duration commandTimeout,
      Map<String, String> environment) {
    this.targets = targets;
    this.shells = shells;
    this.commandTimeout = commandTimeout;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public String runCommand(Target target, HostCommand command, Map<String, String> values) {
    CatalogCommand resolved = targets.command(target, command, values);
    try (HostShell shell = shells.open(resolved.host())) {
      CommandResult result =
          shell.run(
              resolved.argv(),
              variables(resolved),
              resolved.workDir(),
              timeout(resolved.timeout()));
      log.info("{} on {}: {}", resolved.step(), resolved.host().name(), result.summary());
      if (!result.succeeded()) {
        throw HostFailures.commandFailed(resolved.describe(), result);
      }
      return result.summary();
    }
  }

  /**
   * The values of the variables the catalog gives {@code command}, from this worker's environment.
   */
  private Map<String, String> variables(CatalogCommand command) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    for (String name : command.env()) {
      String value = environment.get(name);
      if (value == null) {
        throw Failures.permanent(
            FailureTypes.COMMAND_FAILED,
            "environment variable "
                + name
                + " (the catalog's env for this command) is not set on this worker: "
                + command.describe()
                + " was not run",
            null);
      }
      values.put(name, value);
    }
    return values;
  }

  /**
   * The command's timeout, ended early enough that the activity can still report it: a command
   * killed by Rewind fails the step; one outliving the activity's StartToClose would be run again.
   */
  private Duration timeout(Duration catalog) {
    Duration wanted = catalog.compareTo(commandTimeout) < 0 ? catalog : commandTimeout;
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    Duration startToClose = info.getStartToCloseTimeout();
    long scheduled = info.getCurrentAttemptScheduledTimestamp();
    if (startToClose == null || startToClose.isZero() || scheduled <= 0) {
      return wanted;
    }
    long left =
        scheduled + startToClose.toMillis() - REPORT_MARGIN.toMillis() - System.currentTimeMillis();
    Duration bounded = Duration.ofMillis(Math.max(left, 1000));
    return bounded.compareTo(wanted) < 0 ? bounded : wanted;
  }

  @Override
  public String reach(Target target) {
    HostTarget host = targets.anyHost(target);
    try (HostShell shell = shells.open(host)) {
      if (!host.ssh()) {
        return "agent " + host.name() + " serves its queue";
      }
      CommandResult result = shell.run(List.of("true"), null, REACH_TIMEOUT);
      if (!result.succeeded()) {
        throw HostFailures.commandFailed("true", result);
      }
      return "ssh " + host.user() + "@" + host.address() + ": ok";
    }
  }
}
