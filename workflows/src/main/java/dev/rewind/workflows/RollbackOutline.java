package dev.rewind.workflows;

import dev.rewind.workflows.core.Chain;
import dev.rewind.workflows.core.ChainAttempt;
import dev.rewind.workflows.core.Strategy;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps a plan's chain will take, in order, each with its compensation: what a dry run answers.
 * It follows {@link ChainAttempt}'s order and asks each strategy for its own steps, so it cannot
 * describe another chain than the one that would run.
 */
public final class RollbackOutline {
  private static final String CONTROL = "control";

  private RollbackOutline() {}

  public static List<PlannedStep> of(RollbackPlan plan) {
    Chain chain = Chain.outline(plan);
    List<Strategy> strategies = Strategies.of(chain);
    Topology topology = plan.topology();
    List<PlannedStep> steps = new ArrayList<>();
    strategies.forEach(s -> steps.addAll(s.outlineChecks()));
    if (!plan.approvals().required().isEmpty()) {
      String kinds = String.join(" + ", plan.approvals().required());
      steps.add(new PlannedStep("await approvals", kinds, CONTROL, null));
    }
    onEveryHost(steps, plan, HostCommand.MAINTENANCE_ON, null);
    if (chain.applicationStopped()) {
      onEveryHost(steps, plan, HostCommand.STOP, "start service");
    }
    strategies.forEach(s -> steps.addAll(s.outline()));
    if (chain.applicationStopped()) {
      if (ChainAttempt.migratesAfterCodeRevert(plan)) {
        String db = topology.databaseHost().name();
        steps.add(new PlannedStep("migrate", "catalog command", db, null));
      }
      onEveryHost(steps, plan, HostCommand.START, null);
    }
    if (topology.maintenanceStatus() != null) {
      onEveryHost(steps, plan, HostCommand.MAINTENANCE_OFF, null);
      verifyEveryHost(steps, plan);
    } else {
      verifyEveryHost(steps, plan);
      onEveryHost(steps, plan, HostCommand.MAINTENANCE_OFF, null);
    }
    if (plan.touchesDatabase()) {
      steps.add(
          new PlannedStep(
              "prune snapshots",
              "keep the catalog's newest",
              topology.databaseHost().name(),
              null));
    }
    if (plan.watch().enabled()) {
      String what = plan.watch().minutes() + " min, every " + plan.watch().everySeconds() + " s";
      steps.add(new PlannedStep("watch", what, CONTROL, null));
    }
    return steps;
  }

  private static void onEveryHost(
      List<PlannedStep> steps, RollbackPlan plan, HostCommand command, String undo) {
    if (plan.topology().declares(command)) {
      for (HostRef host : plan.topology().hosts()) {
        steps.add(new PlannedStep(command.step(), "catalog command", host.name(), undo));
      }
    }
  }

  private static void verifyEveryHost(List<PlannedStep> steps, RollbackPlan plan) {
    Topology.HealthPolicy health = plan.topology().health();
    if (health != null) {
      for (HostRef host : plan.topology().hosts()) {
        steps.add(
            new PlannedStep(
                "verify health", "health → " + health.expectStatus(), host.name(), null));
      }
    }
  }
}
