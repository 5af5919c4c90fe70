package dev.rewind.workflows.legacy;

import dev.rewind.workflows.container.ContainerSnapshot;
import io.temporal.activity.ActivityInterface;

/**
 * Docker operations of {@code container-revert}. Every method is idempotent: run twice after a
 * crash, it finds its own work done and does not repeat it. Permanent errors are non-retryable
 * failures typed with {@link FailureTypes}.
 */
@ActivityInterface
public interface ContainerActivities {

  /** Reads the container named {@code target.name()}; fails with ContainerNotFound if absent. */
  ContainerSnapshot inspectContainer(ContainerTarget target);

  /** Makes sure {@code imageRef} is present locally (pulling only where the catalog allows). */
  void ensureImage(ContainerTarget target, String imageRef);

  /** Stops the original container and renames it to {@code retiredName}, freeing its name. */
  void retireContainer(ContainerTarget target, String originalId, String retiredName);

  /**
   * Creates, under the original name, a container with the original's spec (env, ports, mounts,
   * labels, restart policy, networks, command) and {@code imageRef}. Returns its id.
   */
  String recreateContainer(ContainerTarget target, String originalId, String imageRef);

  void startContainer(ContainerTarget target, String containerId);

  /**
   * Waits until the container is healthy: its own HEALTHCHECK when it has one, else the HTTP check.
   * Heartbeats while waiting and keeps its deadline across retries.
   */
  void awaitHealthy(ContainerTarget target, String containerId, HealthCheck health);

  /** Removes the container if it still exists. */
  void removeContainer(ContainerTarget target, String containerId);

  /** Compensation of recreate: removes whatever container holds the name, unless the original. */
  void discardReplacement(ContainerTarget target, String originalId);

  /** Compensation of retire: gives the original container its name back and starts it. */
  void reinstateContainer(ContainerTarget target, String originalId);
}
