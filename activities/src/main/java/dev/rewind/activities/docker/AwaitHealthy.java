package dev.rewind.activities.docker;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.ContainerTarget;
import dev.rewind.activities.catalog.HealthCheck;
import dev.rewind.activities.health.HttpHealthProbe;
import dev.rewind.activities.host.CommandResult;
import dev.rewind.activities.host.Redaction;
import dev.rewind.workflows.FailureTypes;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a freshly started container until it is healthy: Docker's own HEALTHCHECK when it has one,
 * else the catalog's HTTP check. The deadline is set once, kept in the heartbeat details, and read
 * back by a retry, so a worker crash does not buy the service a fresh timeout.
 */
final class AwaitHealthy {
  static final Duration POLL = Duration.ofMillis(100);
  private static final long DEFAULT_TIMEOUT_SECONDS = 60;
  private static final Logger log = LoggerFactory.getLogger(AwaitHealthy.class);

  private final DockerEngine docker;
  private final ContainerTarget target;
  private final HttpHealthProbe http;
  private final Redaction redaction;

  AwaitHealthy(
      DockerEngine docker, ContainerTarget target, HttpHealthProbe http, Redaction redaction) {
    this.docker = docker;
    this.target = target;
    this.http = http;
    this.redaction = redaction;
  }

  void await(String containerId, HealthCheck health) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    long timeout =
        health == null || health.timeoutSeconds() <= 0
            ? DEFAULT_TIMEOUT_SECONDS
            : health.timeoutSeconds();
    long deadline =
        activity
            .getHeartbeatDetails(Long.class)
            .orElseGet(() -> System.currentTimeMillis() + timeout * 1000);
    String last = "no observation yet";
    while (true) {
      activity.heartbeat(deadline); // throws if the rollback was cancelled meanwhile
      InspectContainerResponse c = docker.requireContainer(containerId);
      failIfNotRunning(c);
      if (ContainerSnapshots.hasHealthcheck(c.getConfig())) {
        HealthState state = c.getState().getHealth();
        String status = state == null ? "starting" : state.getStatus();
        if ("healthy".equals(status)) {
          log.info("{} is healthy (Docker HEALTHCHECK)", target.name());
          return;
        }
        last = "Docker health " + status + lastHealthOutput(state);
        if ("unhealthy".equals(status)) {
          throw Failures.permanent(FailureTypes.UNHEALTHY, target.name() + ": " + last);
        }
      } else if (health != null && health.url() != null) {
        HttpHealthProbe.Observation seen = http.probe(health.url(), health.expectStatus());
        if (seen.healthy()) {
          log.info("{} is healthy: {}", target.name(), seen.detail());
          return;
        }
        last = seen.detail();
      } else {
        log.info(
            "{} is running; it has no HEALTHCHECK and no HTTP check is configured", target.name());
        return;
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw Failures.permanent(
            FailureTypes.HEALTH_TIMEOUT,
            target.name() + " not healthy after " + timeout + "s; last: " + last);
      }
      sleep(Math.min(left, POLL.toMillis()));
    }
  }

  private void failIfNotRunning(InspectContainerResponse c) {
    ContainerState state = c.getState();
    if (Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getRestarting())) {
      return;
    }
    String what =
        Boolean.TRUE.equals(state.getRestarting())
            ? "keeps crashing (restarting, last exit code " + state.getExitCodeLong() + ")"
            : "is %s (exit code %d%s)"
                .formatted(
                    state.getStatus(),
                    state.getExitCodeLong(),
                    Boolean.TRUE.equals(state.getOOMKilled()) ? ", OOM-killed" : "");
    String[] env = c.getConfig() == null ? null : c.getConfig().getEnv();
    String logs = ContainerLogs.tail(docker, c.getId(), 10, redaction, env);
    throw Failures.permanent(
        FailureTypes.UNHEALTHY,
        target.name() + " " + what + (logs.isEmpty() ? "" : "; last log lines: " + logs));
  }

  /** The last HEALTHCHECK's exit and output, bounded and redacted like the container's logs. */
  private String lastHealthOutput(HealthState state) {
    List<HealthStateLog> runs = state == null ? null : state.getLog();
    if (runs == null || runs.isEmpty()) {
      return "";
    }
    HealthStateLog run = runs.get(runs.size() - 1);
    String output =
        run.getOutput() == null ? "" : CommandResult.bounded(redaction.apply(run.getOutput()));
    return " (last check exit %d%s)"
        .formatted(run.getExitCodeLong(), output.isEmpty() ? "" : ": " + output);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }
}
