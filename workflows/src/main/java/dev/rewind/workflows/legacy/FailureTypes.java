package dev.rewind.workflows.legacy;

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

  /** The backup file to restore does not exist (or is not a regular file). */
  public static final String BACKUP_NOT_FOUND = "BackupNotFound";

  /**
   * The backup's SHA-256 differs from its {@code <file>.sha256} or its manifest: never restored.
   */
  public static final String BACKUP_CORRUPT = "BackupCorrupt";

  /** The backup is older than {@code maxBackupAge} and the request did not allow a stale one. */
  public static final String BACKUP_STALE = "BackupStale";

  /** pg_restore failed; its single transaction was rolled back, the database is as before. */
  public static final String RESTORE_FAILED = "RestoreFailed";

  /** After a restore a table's row count differs from the manifest's. */
  public static final String ROW_COUNT_MISMATCH = "RowCountMismatch";

  /** A catalog {@code verify} SQL check did not return true. */
  public static final String VERIFY_FAILED = "VerifyFailed";

  /** The database refused us (bad password, unknown database or role, a pg_dump error). */
  public static final String DATABASE_REJECTED = "DatabaseRejected";

  private FailureTypes() {}
}
