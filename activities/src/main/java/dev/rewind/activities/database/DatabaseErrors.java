package dev.rewind.activities.database;

import dev.rewind.activities.Failures;
import dev.rewind.workflows.database.DatabaseFailures;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.List;

/**
 * How database steps fail. A server that does not answer (refused, timed out, starting up, too many
 * clients, connection cut) may recover: retried by the step's policy. A refused login, an unknown
 * database, a bad or stale backup, a failed restore or a row count that differs will fail the same
 * way again: non-retryable, with the stable types of {@link DatabaseFailures}.
 */
public final class DatabaseErrors {
  /** The database server did not answer or cut the connection: retried. */
  static final String DATABASE_UNREACHABLE = "DatabaseUnreachable";

  /** A pg tool was killed by a signal (not by Rewind); its transaction was rolled back: retried. */
  static final String TOOL_INTERRUPTED = "ToolInterrupted";

  /** Login failures; a FATAL "does not exist" at connect names an unknown database or role. */
  private static final List<String> REFUSED =
      List.of(
          "password authentication failed",
          "no password supplied",
          "no pg_hba.conf entry",
          "permission denied for database");

  private static final List<String> UNREACHABLE =
      List.of(
          "connection refused",
          "could not connect",
          "timeout expired",
          "the database system is starting up",
          "the database system is shutting down",
          "the database system is in recovery mode",
          "too many clients",
          "server closed the connection unexpectedly",
          "could not translate host name",
          "no route to host",
          "terminating connection due to administrator command");

  private DatabaseErrors() {}

  /** A JDBC error: connection classes (08, 57P0x) are retried, the rest is permanent. */
  public static ApplicationFailure sql(String where, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = where + ": " + e.getMessage() + (state.isEmpty() ? "" : " [" + state + "]");
    if (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300")) {
      return ApplicationFailure.newFailure(message, DATABASE_UNREACHABLE);
    }
    return Failures.permanent(DatabaseFailures.DATABASE_REJECTED, message);
  }

  /**
   * A pg tool that exited non-zero: refused logins are permanent, an unreachable server is retried,
   * a signal is retried, anything else fails with {@code otherwise}.
   */
  static ApplicationFailure tool(String what, int exit, String stderr, String otherwise) {
    String lower = stderr.toLowerCase();
    String message = what + " exited " + exit + ": " + stderr.strip();
    boolean unknown = lower.contains("fatal:") && lower.contains("does not exist");
    if (unknown || REFUSED.stream().anyMatch(lower::contains)) {
      return Failures.permanent(DatabaseFailures.DATABASE_REJECTED, message);
    }
    if (UNREACHABLE.stream().anyMatch(lower::contains)) {
      return ApplicationFailure.newFailure(message, DATABASE_UNREACHABLE);
    }
    if (exit > 128 && exit < 160) {
      return ApplicationFailure.newFailure(
          what + " was killed by signal " + (exit - 128) + ": " + stderr.strip(), TOOL_INTERRUPTED);
    }
    return Failures.permanent(otherwise, message);
  }
}
