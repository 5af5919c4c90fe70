package dev.rewind.activities.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.ContainerTarget;
import dev.rewind.workflows.container.ContainerFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the original container out of service without deleting it (stopped, under another name, so
 * its name is free for the replacement), and its undo: the original back under its name, running.
 * Kept rather than removed because it is the way back until the replacement is healthy.
 */
final class RetireContainer {
  /** Not in {@code FailureTypes}: a container Rewind must not stop, as stopping deletes it. */
  private static final Logger log = LoggerFactory.getLogger(RetireContainer.class);

  private final DockerEngine docker;
  private final ContainerTarget target;

  RetireContainer(DockerEngine docker, ContainerTarget target) {
    this.docker = docker;
    this.target = target;
  }

  void retire(String originalId, String retiredName) {
    InspectContainerResponse c = docker.requireContainer(originalId);
    if (c.getHostConfig() != null && Boolean.TRUE.equals(c.getHostConfig().getAutoRemove())) {
      throw Failures.permanent(
          ContainerFailures.CONTAINER_NOT_REVERTIBLE,
          target.name()
              + " was started with --rm: stopping it would delete it, and with it the"
              + " spec to recreate and the way back. Recreate it without --rm first.");
    }
    if (Boolean.TRUE.equals(c.getState().getRunning())) {
      docker.stop(originalId);
      log.info("stopped {} ({})", target.name(), originalId);
    }
    if (!("/" + retiredName).equals(c.getName())) {
      docker.rename(originalId, retiredName);
      log.info("renamed {} ({}) to {}", target.name(), originalId, retiredName);
    }
  }

  void reinstate(String originalId) {
    InspectContainerResponse c = docker.requireContainer(originalId);
    docker
        .replacementHolding(target.name(), originalId)
        .ifPresent(
            id -> {
              docker.remove(id);
              log.info("removed {} ({}) to give the name back", target.name(), id);
            });
    if (!("/" + target.name()).equals(c.getName())) {
      docker.rename(originalId, target.name());
    }
    if (!Boolean.TRUE.equals(c.getState().getRunning())) {
      docker.start(originalId);
    }
    log.info("reinstated {} ({})", target.name(), originalId);
  }
}
