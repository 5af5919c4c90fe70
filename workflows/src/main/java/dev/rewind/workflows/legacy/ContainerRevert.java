package dev.rewind.workflows.legacy;

import dev.rewind.workflows.RollbackIds;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.core.Steps;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * {@code container-revert} (runbook 001, option 2): inspect → ensure the target image → stop and
 * rename the current container → create the same spec with the target image → start → wait healthy
 * → remove the old one. Compensation puts the old container back.
 */
final class ContainerRevert implements Strategy {
  private static final ActivityOptions DOCKER =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CONTROL)
          .setStartToCloseTimeout(Duration.ofSeconds(60))
          .setHeartbeatTimeout(Steps.HEARTBEAT)
          .setRetryOptions(StepRetries.TRANSIENT)
          .build();

  /** Compensations must get through: they retry for longer than steps do. */
  private static final ActivityOptions UNDO =
      ActivityOptions.newBuilder(DOCKER).setRetryOptions(StepRetries.UNDO).build();

  private final RollbackPlan plan;
  private final String retiredName;
  private final StepJournal journal;
  private final List<ContainerSnapshot> snapshots;

  ContainerRevert(
      RollbackPlan plan,
      String rollbackId,
      StepJournal journal,
      List<ContainerSnapshot> snapshots) {
    this.plan = plan;
    this.retiredName = plan.container().name() + "-rewind-" + RollbackIds.suffix(rollbackId);
    this.journal = journal;
    this.snapshots = snapshots;
  }

  @Override
  public void runAttempt(Saga saga) {
    ContainerTarget c = plan.container();
    String image = c.imageRef(plan.toVersion());
    ContainerSnapshot before =
        journal.run(
            "inspect container",
            c.name(),
            () -> docker(DOCKER, "inspect " + c.name()).inspectContainer(c));
    snapshots.add(before);
    if (before.image().equals(image) && before.running()) {
      journal.note("already on target", c.name(), c.name() + " already runs " + image);
      awaitHealthy(before.id());
      return;
    }

    journal.run(
        "ensure image", image, () -> docker(DOCKER, "ensure image " + image).ensureImage(c, image));

    saga.addCompensation(
        () ->
            journal.run(
                "compensate: reinstate container",
                c.name() + " (" + shortId(before.id()) + ")",
                () ->
                    docker(UNDO, "reinstate " + c.name() + " " + shortId(before.id()))
                        .reinstateContainer(c, before.id())));
    journal.run(
        "stop and rename container",
        c.name() + " → " + retiredName,
        () ->
            docker(DOCKER, "stop " + c.name() + ", rename → " + retiredName)
                .retireContainer(c, before.id(), retiredName));

    saga.addCompensation(
        () ->
            journal.run(
                "compensate: discard replacement",
                c.name(),
                () ->
                    docker(UNDO, "remove replacement " + c.name())
                        .discardReplacement(c, before.id())));
    String replacementId =
        journal.run(
            "create container",
            c.name() + " (" + image + ")",
            () ->
                docker(DOCKER, "create " + c.name() + " from " + image)
                    .recreateContainer(c, before.id(), image));

    journal.run(
        "start container",
        c.name() + " (" + shortId(replacementId) + ")",
        () -> docker(DOCKER, "start " + c.name()).startContainer(c, replacementId));
    awaitHealthy(replacementId);
    journal.run(
        "remove old container",
        retiredName,
        () ->
            docker(DOCKER, "remove " + retiredName + " " + shortId(before.id()))
                .removeContainer(c, before.id()));
  }

  private void awaitHealthy(String containerId) {
    ContainerTarget c = plan.container();
    long timeout = plan.health() == null ? 60 : plan.health().timeoutSeconds();
    ActivityOptions waiting =
        ActivityOptions.newBuilder(DOCKER)
            .setStartToCloseTimeout(Duration.ofSeconds(timeout + 30))
            .setHeartbeatTimeout(Duration.ofSeconds(5))
            .build();
    journal.run(
        "wait healthy",
        c.name(),
        () ->
            docker(waiting, "wait healthy " + c.name())
                .awaitHealthy(c, containerId, plan.health()));
  }

  /** A stub whose activity summary names the host and the object, as operators see it. */
  private ContainerActivities docker(ActivityOptions options, String what) {
    String summary = what + " on " + plan.container().host();
    return Workflow.newActivityStub(
        ContainerActivities.class, ActivityOptions.newBuilder(options).setSummary(summary).build());
  }

  private static String shortId(String id) {
    return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
  }
}
