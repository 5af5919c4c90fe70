package dev.rewind.workflows.legacy;

import java.util.List;

/**
 * The service's application hosts as the database strategies treat them: all of them together,
 * since no host may write while its database is being snapshotted or restored. Maintenance, stop,
 * start and health are {@link HostSteps}, one host after another.
 */
final class ServiceHosts {
  private final RollbackPlan plan;
  private final HostSteps steps;

  ServiceHosts(RollbackPlan plan, HostSteps steps) {
    this.plan = plan;
    this.steps = steps;
  }

  List<HostTarget> all() {
    return plan.hosts() == null ? List.of() : plan.hosts();
  }

  void maintenanceOn() {
    if (plan.maintenance() != null) {
      all().forEach(h -> steps.maintenanceOn(h, plan.maintenance()));
    }
  }

  void maintenanceOff() {
    if (plan.maintenance() != null) {
      all().forEach(h -> steps.maintenanceOff(h, plan.maintenance(), HostSteps.STEP));
    }
  }

  void stop() {
    all().forEach(h -> steps.stopService(h, plan.code(), HostSteps.STEP));
  }

  void start() {
    all().forEach(h -> steps.startService(h, plan.code(), HostSteps.STEP));
  }

  /** Compensation: the application back up on every host, on whatever the database now holds. */
  void startAgain() {
    for (HostTarget h : all()) {
      steps.command(
          "compensate: start service",
          h,
          plan.code().start(),
          h.fill(plan.code().gitDir()),
          HostSteps.UNDO);
    }
  }

  void verifyHealth() {
    all().forEach(steps::verifyHealth);
  }
}
