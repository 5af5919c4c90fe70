package dev.rewind.api.testing;

import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackPlan.ApprovalPolicy;
import dev.rewind.workflows.RollbackPlan.EscalationPolicy;
import dev.rewind.workflows.RollbackPlan.Versions;
import dev.rewind.workflows.RollbackPlan.WatchPolicy;
import dev.rewind.workflows.Topology;
import dev.rewind.workflows.container.ContainerRevertPlan;
import java.util.List;
import java.util.Set;

/** Plans for tests that need one without planning a request. */
public final class Plans {
  private Plans() {}

  /** A container-revert of demo-web dev from v2 (registry entry 2) to v1, on host local. */
  public static RollbackPlan containerRevert(String reason) {
    return new RollbackPlan(
        "demo-web",
        "dev",
        new Versions("v2", "v1", 2L),
        reason,
        "deploy-pipeline",
        new Topology(
            "0".repeat(64),
            List.of(HostRef.agent("local")),
            Topology.RolloutPolicy.ONE_AT_A_TIME,
            null,
            new Topology.HealthPolicy(200, 30),
            null,
            Set.of()),
        ApprovalPolicy.NONE,
        new EscalationPolicy(15),
        WatchPolicy.NONE,
        List.of(new ContainerRevertPlan("v1")));
  }
}
