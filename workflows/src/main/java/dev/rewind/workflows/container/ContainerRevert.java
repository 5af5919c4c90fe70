package dev.rewind.workflows.container;

import dev.rewind.workflows.PlannedStep;
import dev.rewind.workflows.RollbackIds;
import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.core.Chain;
import dev.rewind.workflows.core.Steps;
import dev.rewind.workflows.core.Strategy;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * {@code container-revert} (runbook 001, option 2): inspect → ensure the target image → stop and
 * rename the current container → create the same spec with the target image → start → wait healthy
 * → remove the old one. Compensation puts the old container back. Docker is reached by the control
 * worker, at the endpoint its catalog gives for the service's first host.
 */
public final class ContainerRevert implements Strategy {
  private static final HealthPolicy DEFAULT_HEALTH = new HealthPolicy(200, 60);
  static final String LOCAL_STEPS = "container-revert-local-reads";

  private final Chain chain;
  private final ContainerRevertPlan plan;
  private final Target on;
  private final String suffix;
  private boolean locally;

  public ContainerRevert(Chain chain, ContainerRevertPlan plan) {
    this.chain = chain;
    this.plan = plan;
    this.on = Target.of(chain.plan(), chain.plan().topology().hosts().get(0));
    this.suffix = RollbackIds.suffix(chain.rollbackId());
  }

  @Override
  public void change(Saga saga) {
    // Version 1: inspect, ensure image and the last step (remove old container) run as local
    // activities (Steps.LOCAL); executions started before replay them as activities. Only those:
    // a local activity's result is recorded when its workflow task completes, so a crash loses
    // every local result since the last one and replay runs them again. Reads before the first
    // change are safe to run again; a change followed by another local step is not (inspect
    // rerun after a lost stop-and-rename sees the renamed container).
    locally =
        Workflow.getVersion(LOCAL_STEPS, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    String tag = plan.imageTag();
    ContainerSnapshot before = local("inspect container", "container", d -> d.inspectContainer(on));
    chain.taken().containers.add(before);
    if (before.image().endsWith(":" + tag) && before.running()) {
      chain
          .journal()
          .note("already on target", on.host(), before.name() + " already runs " + before.image());
      awaitHealthy(before.id());
      return;
    }
    local(
        "ensure image",
        "tag " + tag,
        d -> {
          d.ensureImage(on, tag);
          return null;
        });
    saga.addCompensation(
        () ->
            run(
                "compensate: reinstate container",
                before.name() + " (" + shortId(before.id()) + ")",
                Steps.UNDO,
                d -> d.reinstateContainer(on, before.id())));
    run(
        "stop and rename container",
        before.name() + " → " + before.name() + "-rewind-" + suffix,
        Steps.SHORT,
        d -> d.retireContainer(on, before.id(), suffix));
    saga.addCompensation(
        () ->
            run(
                "compensate: discard replacement",
                before.name(),
                Steps.UNDO,
                d -> d.discardReplacement(on, before.id())));
    String replacement =
        docker(
            "create container",
            before.name() + " (tag " + tag + ")",
            Steps.SHORT,
            d -> d.recreateContainer(on, before.id(), tag));
    run(
        "start container",
        before.name() + " (" + shortId(replacement) + ")",
        Steps.SHORT,
        d -> d.startContainer(on, replacement));
    awaitHealthy(replacement);
    local(
        "remove old container",
        before.name() + "-rewind-" + suffix,
        d -> {
          d.removeContainer(on, before.id());
          return null;
        });
  }

  private void awaitHealthy(String containerId) {
    HealthPolicy health = chain.plan().topology().health();
    HealthPolicy policy =
        health == null
            ? DEFAULT_HEALTH
            : new HealthPolicy(chain.hosts().upStatus(health), health.timeoutSeconds());
    ActivityOptions waiting =
        ActivityOptions.newBuilder(Steps.STEP)
            .setStartToCloseTimeout(Duration.ofSeconds(policy.timeoutSeconds() + 30L))
            .setHeartbeatTimeout(Duration.ofSeconds(5))
            .build();
    run(
        "wait healthy",
        "container " + shortId(containerId),
        waiting,
        d -> d.awaitHealthy(on, containerId, policy));
  }

  private <T> T docker(
      String name, String object, ActivityOptions options, Function<ContainerActivities, T> call) {
    return chain.steps().onControl(name, object, ContainerActivities.class, on, options, call);
  }

  /** A short step run as a local activity from version 1 on, as an activity before. */
  private <T> T local(String name, String object, Function<ContainerActivities, T> call) {
    if (!locally) {
      return docker(name, object, Steps.SHORT, call);
    }
    return chain.steps().onControlLocally(name, object, ContainerActivities.class, on, call);
  }

  private void run(
      String name,
      String object,
      ActivityOptions options,
      Functions.Proc1<ContainerActivities> call) {
    docker(
        name,
        object,
        options,
        d -> {
          call.apply(d);
          return null;
        });
  }

  @Override
  public List<PlannedStep> outline() {
    String host = chain.plan().topology().hosts().get(0).name();
    String tag = plan.imageTag();
    return List.of(
        new PlannedStep("inspect container", "the catalog's container", host, null),
        new PlannedStep("ensure image", "tag " + tag, host, null),
        new PlannedStep(
            "stop and rename container", "current container", host, "reinstate container"),
        new PlannedStep("create container", "same spec, tag " + tag, host, "discard replacement"),
        new PlannedStep("start container", "replacement", host, null),
        new PlannedStep("wait healthy", "replacement", host, null),
        new PlannedStep("remove old container", "retired container", host, null));
  }

  private static String shortId(String id) {
    return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
  }
}
