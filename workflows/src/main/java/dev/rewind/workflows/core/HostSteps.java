package dev.rewind.workflows.core;

import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.StrategyPlan;
import dev.rewind.workflows.Topology;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps every chain shares on the service's hosts: maintenance on and off, stop and start,
 * verify health. Commands are named ({@link HostCommand}); the worker takes their argv from its own
 * catalog and fills the placeholders from the plan's values, validated again. A command the catalog
 * does not declare is noted in the timeline, not run.
 */
public final class HostSteps {
  static final Duration COMMAND_LIMIT = Duration.ofHours(24).plusMinutes(1);

  private final RollbackPlan plan;
  private final Steps steps;
  private final Map<String, String> values;
  private boolean maintenanceHeld;

  public HostSteps(RollbackPlan plan, Steps steps) {
    this.plan = plan;
    this.steps = steps;
    Map<String, String> all = new HashMap<>();
    all.put("version", plan.versions().to());
    for (StrategyPlan strategy : plan.strategies()) {
      all.putAll(strategy.commandValues());
    }
    this.values = Map.copyOf(all);
  }

  public List<Target> all() {
    return plan.topology().hosts().stream().map(this::target).toList();
  }

  public Target target(HostRef host) {
    return Target.of(plan, host);
  }

  /** Runs the catalog's {@code command} on {@code on}; noted when the catalog declares none. */
  public void command(Target on, HostCommand command, ActivityOptions options) {
    command(command.step(), on, command, options);
  }

  /** As {@link #command(Target, HostCommand, ActivityOptions)}, recorded under {@code name}. */
  public void command(String name, Target on, HostCommand command, ActivityOptions options) {
    if (!plan.topology().declares(command)) {
      steps.journal().note(name, on.host(), "no " + command.step() + " command in the catalog");
      return;
    }
    // The worker kills a command at the catalog's timeout (5 min unless it says otherwise, at most
    // 24 h) and heartbeats meanwhile, so a crashed worker is noticed in seconds however long that
    // is.
    ActivityOptions commandOptions =
        ActivityOptions.newBuilder(options).setStartToCloseTimeout(COMMAND_LIMIT).build();
    steps.run(
        name,
        command.step(),
        HostActivities.class,
        on,
        commandOptions,
        host -> host.runCommand(on, command, values));
  }

  public boolean hasMaintenance() {
    return plan.topology().declares(HostCommand.MAINTENANCE_ON);
  }

  /** Maintenance on every host, verified by the health URL answering its status where declared. */
  public void maintenanceOn() {
    if (!hasMaintenance()) {
      return;
    }
    maintenanceHeld = true; // from the first command on: its outcome may be unknown
    for (Target host : all()) {
      command(host, HostCommand.MAINTENANCE_ON, Steps.STEP);
      Integer status = plan.topology().maintenanceStatus();
      if (status != null && plan.topology().health() != null) {
        awaitStatus("verify maintenance", host, status);
      }
    }
  }

  /**
   * Maintenance off on every host, when this rollback turned it on: one that ends before (an
   * approval that never came) leaves the service as it found it.
   */
  public void maintenanceOff(String name, ActivityOptions options) {
    if (hasMaintenance() && maintenanceHeld) {
      all().forEach(h -> command(name, h, HostCommand.MAINTENANCE_OFF, options));
      maintenanceHeld = false;
    }
  }

  public void stopAll() {
    all().forEach(h -> command(h, HostCommand.STOP, Steps.STEP));
  }

  public void startAll() {
    all().forEach(h -> command(h, HostCommand.START, Steps.STEP));
  }

  /** Compensation: the application back up on every host, on whatever it now holds. */
  public void startAgain() {
    all().forEach(h -> command("compensate: start service", h, HostCommand.START, Steps.UNDO));
  }

  /** Waits until the host's health URL answers as expected; noted when the catalog has none. */
  public void verifyHealth(Target host) {
    Topology.HealthPolicy health = plan.topology().health();
    if (health == null) {
      steps.journal().note("verify health", host.host(), "no health check in the catalog");
      return;
    }
    awaitStatus("verify health", host, upStatus(health));
  }

  /**
   * What the health URL of a host that is up answers now: the catalog's maintenance status (503)
   * while this rollback holds maintenance on, since the healthy one cannot come before maintenance
   * is off; the healthy status otherwise.
   */
  public int upStatus(Topology.HealthPolicy health) {
    Integer inMaintenance = plan.topology().maintenanceStatus();
    return maintenanceHeld && inMaintenance != null ? inMaintenance : health.expectStatus();
  }

  /**
   * The end of a chain: maintenance off and the health verified, in the order that makes sense —
   * when maintenance makes the health URL answer its own status (503), verification can only pass
   * once maintenance is off; otherwise the service is verified before users see it.
   */
  public void verifyAndLeaveMaintenance() {
    if (plan.topology().maintenanceStatus() != null) {
      maintenanceOff("maintenance off", Steps.STEP);
      all().forEach(this::verifyHealth);
    } else {
      all().forEach(this::verifyHealth);
      maintenanceOff("maintenance off", Steps.STEP);
    }
  }

  private void awaitStatus(String name, Target host, int status) {
    int timeout = plan.topology().health().timeoutSeconds();
    ActivityOptions waiting =
        ActivityOptions.newBuilder(Steps.STEP)
            .setStartToCloseTimeout(Duration.ofSeconds(timeout + 30L))
            .setHeartbeatTimeout(Steps.HEARTBEAT)
            .build();
    steps.onControl(
        name,
        "health → " + status,
        HealthActivities.class,
        host,
        waiting,
        health -> health.awaitStatus(host, status, timeout));
  }
}
