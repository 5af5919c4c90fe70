package dev.rewind.activities.docker;

import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.ContainerTarget;
import dev.rewind.activities.catalog.HealthCheck;
import dev.rewind.activities.catalog.PlanValues;
import dev.rewind.activities.health.HttpHealthProbe;
import dev.rewind.activities.host.Redaction;
import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.container.ContainerActivities;
import dev.rewind.workflows.container.ContainerFailures;
import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.core.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code container-revert}'s Docker steps on the container, Docker endpoint and image repository of
 * this worker's catalog ({@link CatalogTargets}); the plan gives only the tag, container ids and
 * the retire suffix, each validated before Docker sees it. Each step checks the state it would
 * produce before acting, so a retry after a crash finds its work done; errors are turned into typed
 * failures by {@link DockerFailures}.
 */
public class ContainerActivitiesImpl implements ContainerActivities {
  private static final Logger log = LoggerFactory.getLogger(ContainerActivitiesImpl.class);

  private final CatalogTargets targets;
  private final DockerHosts hosts;
  private final Redaction redaction;
  private final HttpHealthProbe http = new HttpHealthProbe();

  /**
   * @param redaction the worker's secrets, taken out of container logs and health check output
   *     before they become part of a failure
   */
  public ContainerActivitiesImpl(CatalogTargets targets, Redaction redaction) {
    this(targets, new DockerHosts(), redaction);
  }

  /** Shares {@code hosts}' connections, e.g. with other Docker activities of the same worker. */
  public ContainerActivitiesImpl(CatalogTargets targets, DockerHosts hosts, Redaction redaction) {
    this.targets = targets;
    this.hosts = hosts;
    this.redaction = redaction;
  }

  @Override
  public ContainerSnapshot inspectContainer(Target target) {
    ContainerTarget c = targets.container(target);
    DockerEngine docker = hosts.engine(c.dockerHost());
    return DockerFailures.call(
        "inspect " + c.name(),
        () ->
            ContainerSnapshots.of(
                docker
                    .containerNamed(c.name())
                    .orElseThrow(
                        () ->
                            Failures.permanent(
                                ContainerFailures.CONTAINER_NOT_FOUND,
                                "no container named " + c.name() + " on " + docker.host()))));
  }

  @Override
  public boolean hasImage(Target target, String tag) {
    ContainerTarget c = targets.container(target);
    String imageRef = c.imageRef(PlanValues.imageTag(tag));
    DockerEngine docker = hosts.engine(c.dockerHost());
    return DockerFailures.call("look for image " + imageRef, () -> docker.hasImage(imageRef));
  }

  @Override
  public void ensureImage(Target target, String tag) {
    ContainerTarget c = targets.container(target);
    String imageRef = c.imageRef(PlanValues.imageTag(tag));
    DockerEngine docker = hosts.engine(c.dockerHost());
    DockerFailures.run(
        "ensure image " + imageRef, () -> new EnsureImage(docker, c).ensure(imageRef));
  }

  @Override
  public void retireContainer(Target target, String originalId, String suffix) {
    ContainerTarget c = targets.container(target);
    String id = PlanValues.containerId(originalId);
    String retiredName = c.name() + "-rewind-" + PlanValues.retireSuffix(suffix);
    DockerEngine docker = hosts.engine(c.dockerHost());
    DockerFailures.run(
        "retire " + c.name(), () -> new RetireContainer(docker, c).retire(id, retiredName));
  }

  @Override
  public String recreateContainer(Target target, String originalId, String tag) {
    ContainerTarget c = targets.container(target);
    String id = PlanValues.containerId(originalId);
    String imageRef = c.imageRef(PlanValues.imageTag(tag));
    DockerEngine docker = hosts.engine(c.dockerHost());
    return DockerFailures.call(
        "recreate " + c.name(), () -> new RecreateContainer(docker, c).recreate(id, imageRef));
  }

  @Override
  public void startContainer(Target target, String containerId) {
    ContainerTarget c = targets.container(target);
    String id = PlanValues.containerId(containerId);
    DockerEngine docker = hosts.engine(c.dockerHost());
    DockerFailures.run("start " + c.name(), () -> docker.start(id));
    log.info("started {} ({})", c.name(), id);
  }

  @Override
  public void awaitHealthy(Target target, String containerId, HealthPolicy health) {
    ContainerTarget c = targets.container(target);
    String id = PlanValues.containerId(containerId);
    HealthCheck check =
        health == null
            ? targets.healthIfDeclared(target, 0, 0) // the catalog's expectation
            : targets.healthIfDeclared(target, health.expectStatus(), health.timeoutSeconds());
    DockerEngine docker = hosts.engine(c.dockerHost());
    DockerFailures.run(
        "wait for " + c.name() + " to be healthy",
        () -> new AwaitHealthy(docker, c, http, redaction).await(id, check));
  }

  @Override
  public void removeContainer(Target target, String containerId) {
    ContainerTarget c = targets.container(target);
    String id = PlanValues.containerId(containerId);
    DockerEngine docker = hosts.engine(c.dockerHost());
    boolean removed = DockerFailures.call("remove " + id, () -> docker.remove(id));
    log.info(removed ? "removed {}" : "{} was already removed", id);
  }

  @Override
  public void discardReplacement(Target target, String originalId) {
    ContainerTarget c = targets.container(target);
    String id = PlanValues.containerId(originalId);
    DockerEngine docker = hosts.engine(c.dockerHost());
    DockerFailures.run(
        "discard the replacement of " + c.name(),
        () ->
            docker
                .replacementHolding(c.name(), id)
                .ifPresent(
                    replacement -> {
                      docker.remove(replacement);
                      log.info("discarded replacement {} of {}", replacement, c.name());
                    }));
  }

  @Override
  public void reinstateContainer(Target target, String originalId) {
    ContainerTarget c = targets.container(target);
    String id = PlanValues.containerId(originalId);
    DockerEngine docker = hosts.engine(c.dockerHost());
    DockerFailures.run("reinstate " + c.name(), () -> new RetireContainer(docker, c).reinstate(id));
  }
}
