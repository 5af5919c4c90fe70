package dev.rewind.activities.docker;

import dev.rewind.activities.health.HttpHealthProbe;
import dev.rewind.workflows.ContainerActivities;
import dev.rewind.workflows.ContainerSnapshot;
import dev.rewind.workflows.ContainerTarget;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code container-revert}'s Docker steps against the engine at {@code target.dockerHost()}. Each
 * step checks the state it would produce before acting, so a retry after a crash finds its work
 * done; errors are turned into typed failures by {@link DockerFailures}.
 */
public class ContainerActivitiesImpl implements ContainerActivities {
  private static final Logger log = LoggerFactory.getLogger(ContainerActivitiesImpl.class);

  private final DockerHosts hosts;
  private final HttpHealthProbe http = new HttpHealthProbe();

  public ContainerActivitiesImpl() {
    this(new DockerHosts());
  }

  /** Shares {@code hosts}' connections, e.g. with other Docker activities of the same worker. */
  public ContainerActivitiesImpl(DockerHosts hosts) {
    this.hosts = hosts;
  }

  @Override
  public ContainerSnapshot inspectContainer(ContainerTarget target) {
    DockerEngine docker = hosts.engine(target.dockerHost());
    return DockerFailures.call(
        "inspect " + target.name(),
        () ->
            ContainerSnapshots.of(
                docker
                    .containerNamed(target.name())
                    .orElseThrow(
                        () ->
                            DockerFailures.permanent(
                                FailureTypes.CONTAINER_NOT_FOUND,
                                "no container named " + target.name() + " on " + docker.host()))));
  }

  @Override
  public void ensureImage(ContainerTarget target, String imageRef) {
    DockerEngine docker = hosts.engine(target.dockerHost());
    DockerFailures.run(
        "ensure image " + imageRef, () -> new EnsureImage(docker, target).ensure(imageRef));
  }

  @Override
  public void retireContainer(ContainerTarget target, String originalId, String retiredName) {
    DockerEngine docker = hosts.engine(target.dockerHost());
    DockerFailures.run(
        "retire " + target.name(),
        () -> new RetireContainer(docker, target).retire(originalId, retiredName));
  }

  @Override
  public String recreateContainer(ContainerTarget target, String originalId, String imageRef) {
    DockerEngine docker = hosts.engine(target.dockerHost());
    return DockerFailures.call(
        "recreate " + target.name(),
        () -> new RecreateContainer(docker, target).recreate(originalId, imageRef));
  }

  @Override
  public void startContainer(ContainerTarget target, String containerId) {
    DockerEngine docker = hosts.engine(target.dockerHost());
    DockerFailures.run("start " + target.name(), () -> docker.start(containerId));
    log.info("started {} ({})", target.name(), containerId);
  }

  @Override
  public void awaitHealthy(ContainerTarget target, String containerId, HealthCheck health) {
    DockerEngine docker = hosts.engine(target.dockerHost());
    DockerFailures.run(
        "wait for " + target.name() + " to be healthy",
        () -> new AwaitHealthy(docker, target, http).await(containerId, health));
  }

  @Override
  public void removeContainer(ContainerTarget target, String containerId) {
    DockerEngine docker = hosts.engine(target.dockerHost());
    boolean removed =
        DockerFailures.call("remove " + containerId, () -> docker.remove(containerId));
    log.info(removed ? "removed {}" : "{} was already removed", containerId);
  }

  @Override
  public void discardReplacement(ContainerTarget target, String originalId) {
    DockerEngine docker = hosts.engine(target.dockerHost());
    DockerFailures.run(
        "discard the replacement of " + target.name(),
        () ->
            docker
                .replacementHolding(target.name(), originalId)
                .ifPresent(
                    id -> {
                      docker.remove(id);
                      log.info("discarded replacement {} of {}", id, target.name());
                    }));
  }

  @Override
  public void reinstateContainer(ContainerTarget target, String originalId) {
    DockerEngine docker = hosts.engine(target.dockerHost());
    DockerFailures.run(
        "reinstate " + target.name(),
        () -> new RetireContainer(docker, target).reinstate(originalId));
  }
}
