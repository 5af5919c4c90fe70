package dev.rewind.workflows.legacy;

import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.core.Steps;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * The steps every host-bound strategy shares: stop and start the service, maintenance mode on and
 * off, verify health. Each runs on the host's own worker (agent) or over SSH from the control
 * worker, as {@link HostTarget#taskQueue()} says, and is recorded in the journal.
 */
final class HostSteps {
  static final ActivityOptions STEP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setHeartbeatTimeout(Steps.HEARTBEAT)
          .setRetryOptions(StepRetries.TRANSIENT)
          .build();

  /** Compensations must get through: they retry for longer than steps do. */
  static final ActivityOptions UNDO =
      ActivityOptions.newBuilder(STEP).setRetryOptions(StepRetries.UNDO).build();

  private final StepJournal journal;
  private final HealthCheck health;

  HostSteps(StepJournal journal, HealthCheck health) {
    this.journal = journal;
    this.health = health;
  }

  /** Runs a catalog command on {@code host}; a null command is noted as not declared. */
  void command(
      String step, HostTarget host, List<String> argv, String workDir, ActivityOptions options) {
    if (argv == null) {
      journal.note(step, host.name(), "no " + step + " command in the catalog");
      return;
    }
    List<String> filled = argv.stream().map(host::fill).toList();
    String shown = String.join(" ", filled);
    journal.run(
        step,
        host.name() + ": " + shown,
        () -> commands(host, options, step + ": " + shown).runCommand(host, step, filled, workDir));
  }

  void stopService(HostTarget host, CodeTarget code, ActivityOptions options) {
    command("stop service", host, code.stop(), host.fill(code.gitDir()), options);
  }

  void startService(HostTarget host, CodeTarget code, ActivityOptions options) {
    command("start service", host, code.start(), host.fill(code.gitDir()), options);
  }

  /** Maintenance on, verified by the health URL answering the catalog's status where it says so. */
  void maintenanceOn(HostTarget host, MaintenanceMode maintenance) {
    command("maintenance on", host, maintenance.on(), null, STEP);
    if (maintenance.expectStatus() != null && health != null) {
      awaitStatus("verify maintenance", host, maintenance.expectStatus());
    }
  }

  void maintenanceOff(HostTarget host, MaintenanceMode maintenance, ActivityOptions options) {
    command("maintenance off", host, maintenance.off(), null, options);
  }

  /** Waits until the host's health URL answers as expected; noted when the catalog has no check. */
  void verifyHealth(HostTarget host) {
    if (health == null || health.url() == null) {
      journal.note("verify health", host.name(), "no health check in the catalog");
      return;
    }
    awaitStatus("verify health", host, health.expectStatus() == 0 ? 200 : health.expectStatus());
  }

  private void awaitStatus(String step, HostTarget host, int status) {
    HealthCheck check = new HealthCheck(host.fill(health.url()), status, health.timeoutSeconds());
    ActivityOptions waiting =
        ActivityOptions.newBuilder(STEP)
            .setTaskQueue(TaskQueues.CONTROL)
            .setStartToCloseTimeout(Duration.ofSeconds(check.timeoutSeconds() + 30))
            .setHeartbeatTimeout(Steps.HEARTBEAT)
            .setSummary(step + ": GET " + check.url() + " → " + status + " for " + host.name())
            .build();
    journal.run(
        step,
        host.name() + ": " + check.url() + " → " + status,
        () -> Workflow.newActivityStub(HealthActivities.class, waiting).awaitStatus(check));
  }

  /** A stub on the host's queue whose activity summary names the host and the object. */
  HostActivities commands(HostTarget host, ActivityOptions options, String what) {
    return Workflow.newActivityStub(HostActivities.class, on(host, options, what));
  }

  GitActivities git(HostTarget host, ActivityOptions options, String what) {
    return Workflow.newActivityStub(GitActivities.class, on(host, options, what));
  }

  private static ActivityOptions on(HostTarget host, ActivityOptions options, String what) {
    String via = HostTarget.SSH.equals(host.transport()) ? " (ssh " + host.address() + ")" : "";
    return ActivityOptions.newBuilder(options)
        .setTaskQueue(host.taskQueue())
        .setSummary(what + " on " + host.name() + via)
        .build();
  }
}
