package dev.rewind.workflows.container;

/** Stable failure types of {@code container-revert}'s permanent errors. */
public final class ContainerFailures {
  public static final String IMAGE_NOT_FOUND = "ImageNotFound";
  public static final String CONTAINER_NOT_FOUND = "ContainerNotFound";
  public static final String CONTAINER_CONFLICT = "ContainerConflict";
  public static final String CONTAINER_NOT_REVERTIBLE = "ContainerNotRevertible";
  public static final String DOCKER_REJECTED = "DockerRejected";

  private ContainerFailures() {}
}
