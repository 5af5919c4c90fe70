package dev.rewind.cli;

import java.util.Map;

/**
 * What a pipeline can branch on. 0 is success (with {@code --watch}: the rollback SUCCEEDED); 1 and
 * 2 are picocli's own (an unexpected error, a usage error); the rest name one outcome each.
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int USAGE = 2;

  /** The api refused the request: a 4xx problem (bad value, 409 active rollback, 404, 401/403). */
  public static final int REFUSED = 3;

  /** The api could not be reached or failed (connection refused, timeout, 5xx). */
  public static final int UNREACHABLE = 4;

  public static final int FAILED = 10;
  public static final int ESCALATED = 11;
  public static final int ABORTED = 12;

  private static final Map<String, Integer> BY_STATUS =
      Map.of("SUCCEEDED", OK, "FAILED", FAILED, "ESCALATED", ESCALATED, "ABORTED", ABORTED);

  private ExitCodes() {}

  /** The code of a rollback's status; one still under way is 0 (nothing went wrong yet). */
  public static int of(String status) {
    return BY_STATUS.getOrDefault(status, OK);
  }

  /** Where {@code rewind status --watch} stops: ended, or escalated and waiting for an operator. */
  static boolean endsWatch(String status) {
    return BY_STATUS.containsKey(status);
  }
}
