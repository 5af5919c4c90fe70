package dev.rewind.workflows;

/**
 * Stable {@code ApplicationFailure} types of permanent errors. Activities throw them as
 * non-retryable failures; the workflow compensates and moves to the next attempt without retrying
 * the step.
 */
public final class FailureTypes {
  public static final String IMAGE_NOT_FOUND = "ImageNotFound";
  public static final String CONTAINER_NOT_FOUND = "ContainerNotFound";
  public static final String CONTAINER_CONFLICT = "ContainerConflict";
  public static final String UNHEALTHY = "Unhealthy";
  public static final String HEALTH_TIMEOUT = "HealthTimeout";
  public static final String CONTAINER_NOT_REVERTIBLE = "ContainerNotRevertible";
  public static final String DOCKER_REJECTED = "DockerRejected";
  public static final String UNKNOWN_STRATEGY = "UnknownStrategy";

  private FailureTypes() {}
}
