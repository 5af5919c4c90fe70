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

  /** The host presented a key other than the one in known_hosts: nothing was run. */
  public static final String HOST_KEY_MISMATCH = "HostKeyMismatch";

  /** The host is not in known_hosts at all: nothing was run. */
  public static final String HOST_KEY_UNKNOWN = "HostKeyUnknown";

  public static final String AUTH_FAILED = "AuthFailed";
  public static final String COMMAND_FAILED = "CommandFailed";
  public static final String MERGE_CONFLICT = "MergeConflict";

  /** Uncommitted changes in a checkout: a rollback would lose them, so it does not start. */
  public static final String DIRTY_WORKING_TREE = "DirtyWorkingTree";

  public static final String GIT_REF_NOT_FOUND = "GitRefNotFound";

  /** A host-bound activity reached a worker that does not serve that host (a catalog mistake). */
  public static final String WRONG_HOST = "WrongHost";

  private FailureTypes() {}
}
