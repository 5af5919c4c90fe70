package dev.rewind.workflows.container;

import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.ActivityInterface;

/**
 * Docker operations of {@code container-revert}, on the container, Docker endpoint and image
 * repository the worker's catalog gives for {@code target}'s service. Every method is idempotent:
 * run twice after a crash, it finds its own work done and does not repeat it. Permanent errors are
 * non-retryable failures typed with {@link ContainerFailures}.
 */
@ActivityInterface
public interface ContainerActivities {

  /** Reads the catalog's container; fails with ContainerNotFound if absent. */
  ContainerSnapshot inspectContainer(Target target);

  /** Whether {@code <image>:<tag>} is present on the Docker endpoint; changes nothing. */
  boolean hasImage(Target target, String tag);

  /**
   * Makes sure {@code <image>:<tag>} is present locally (pulling only where the catalog allows).
   */
  void ensureImage(Target target, String tag);

  /**
   * Stops the original container and renames it to {@code <name>-rewind-<suffix>}, freeing its
   * name; {@code suffix} is four lower-case letters or digits (the rollback id's).
   */
  void retireContainer(Target target, String originalId, String suffix);

  /**
   * Creates, under the original name, a container with the original's spec (env, ports, mounts,
   * labels, restart policy, networks, command) and {@code <image>:<tag>}. Returns its id.
   */
  String recreateContainer(Target target, String originalId, String tag);

  void startContainer(Target target, String containerId);

  /**
   * Waits until the container is healthy: its own HEALTHCHECK when it has one, else the catalog's
   * health URL answering {@code health.expectStatus()}. Heartbeats and keeps its deadline across
   * retries.
   */
  void awaitHealthy(Target target, String containerId, HealthPolicy health);

  /** Removes the container if it still exists. */
  void removeContainer(Target target, String containerId);

  /** Compensation of recreate: removes whatever container holds the name, unless the original. */
  void discardReplacement(Target target, String originalId);

  /** Compensation of retire: gives the original container its name back and starts it. */
  void reinstateContainer(Target target, String originalId);
}
