package dev.rewind.workflows;

/**
 * Stable {@code ApplicationFailure} types of permanent errors every strategy may meet: the catalog,
 * hosts and commands. Each strategy package has its own for the rest. Activities throw them as
 * non-retryable failures; the workflow compensates and moves to the next attempt.
 */
public final class FailureTypes {
  /**
   * The plan names a service, environment, host or command the worker's catalog lacks: nothing ran.
   */
  public static final String NOT_IN_CATALOG = "NOT_IN_CATALOG";

  /** A value from the plan failed validation where it was about to be used: nothing ran. */
  public static final String INVALID_VALUE = "INVALID_VALUE";

  /**
   * The worker's catalog entry has another digest than the plan's: api and worker read different
   * catalogs. Nothing ran; retry once the catalogs agree.
   */
  public static final String CATALOG_DRIFT = "CATALOG_DRIFT";

  /**
   * A plan the api would never make (a chain without strategies, a strategy without its fields).
   */
  public static final String INVALID_PLAN = "InvalidPlan";

  /** The approvals did not arrive within the plan's timeout: nothing was changed. */
  public static final String APPROVAL_TIMEOUT = "ApprovalTimeout";

  /** The host presented a key other than the one in known_hosts: nothing was run. */
  public static final String HOST_KEY_MISMATCH = "HostKeyMismatch";

  /** The host is not in known_hosts at all: nothing was run. */
  public static final String HOST_KEY_UNKNOWN = "HostKeyUnknown";

  public static final String AUTH_FAILED = "AuthFailed";
  public static final String COMMAND_FAILED = "CommandFailed";

  /** A command ran longer than its catalog timeout and was killed with its process group. */
  public static final String COMMAND_TIMEOUT = "CommandTimeout";

  /** A host-bound activity reached a worker that does not serve that host. */
  public static final String WRONG_HOST = "WrongHost";

  public static final String UNHEALTHY = "Unhealthy";
  public static final String HEALTH_TIMEOUT = "HealthTimeout";

  private FailureTypes() {}
}
