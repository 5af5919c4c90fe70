package dev.rewind.workflows;

import io.temporal.failure.ApplicationFailure;
import java.util.HashSet;
import java.util.Set;

/**
 * The shape a plan must have before a workflow acts on it: the api never makes another, so a plan
 * that fails here was made around it and ends at once, non-retryably ({@link
 * FailureTypes#INVALID_PLAN}), instead of a workflow task retried forever. Values are validated
 * again by the workers where they are used.
 */
final class PlanCheck {
  private PlanCheck() {}

  static void require(RollbackPlan plan) {
    check(plan.service() != null && plan.environment() != null, "a service and an environment");
    check(plan.versions() != null && plan.versions().to() != null, "the version rolled back to");
    Topology topology = plan.topology();
    check(topology != null && topology.catalogDigest() != null, "the catalog's digest");
    check(topology.hosts() != null && !topology.hosts().isEmpty(), "at least one host");
    check(topology.commands() != null, "the catalog's declared commands");
    check(plan.strategies() != null && !plan.strategies().isEmpty(), "at least one strategy");
    Set<StrategyId> seen = new HashSet<>();
    for (StrategyPlan strategy : plan.strategies()) {
      check(seen.add(strategy.id()), "each strategy once, not " + strategy.id() + " twice");
    }
    check(!plan.touchesDatabase() || topology.databaseHost() != null, "the database's host");
    check(plan.approvals() != null && plan.escalation() != null, "approvals and escalation");
    check(
        plan.approvals().required().isEmpty() || plan.approvals().timeoutMinutes() > 0,
        "an approval timeout");
    check(plan.watch() != null, "a watch policy (minutes 0: none)");
    check(!plan.watch().enabled() || topology.health() != null, "a health check to watch");
    check(
        plan.watch().minutes() <= 1440
            && plan.watch().everySeconds() >= 5
            && plan.watch().failures() >= 1,
        "a watch of at most 1440 min, every 5 s or more, escalating after 1 failure or more");
  }

  private static void check(boolean holds, String what) {
    if (!holds) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the plan needs " + what, FailureTypes.INVALID_PLAN);
    }
  }
}
