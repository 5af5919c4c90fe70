package dev.rewind.activities.database;

import dev.rewind.activities.Failures;
import dev.rewind.workflows.database.DatabaseFailures;
import io.temporal.activity.Activity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The catalog's {@code verify} checks, each a query that must return one row whose single value is
 * true, run in a read-only transaction so a check can never change the data it verifies, each under
 * a statement timeout, with a heartbeat before each.
 */
final class SqlChecks {
  static final String STATEMENT_TIMEOUT = "60s";

  private SqlChecks() {}

  static String run(DatabaseLogin login, List<String> checks) {
    if (checks == null || checks.isEmpty()) {
      return "no verify checks in the catalog";
    }
    try (Connection connection = login.connect("rewind-verify")) {
      connection.setReadOnly(true);
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement()) {
        st.execute("SET LOCAL statement_timeout = '" + STATEMENT_TIMEOUT + "'");
      }
      int done = 0;
      for (String sql : checks) {
        Activity.getExecutionContext()
            .heartbeat(new TransferProgress("verify check " + ++done + " of " + checks.size(), 0));
        boolean passed;
        try (Statement st = connection.createStatement();
            ResultSet rs = st.executeQuery(sql)) {
          passed = rs.next() && rs.getBoolean(1) && !rs.wasNull() && !rs.next();
        } catch (SQLException e) {
          if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            throw e;
          }
          throw Failures.permanent(
              DatabaseFailures.VERIFY_FAILED,
              "check failed with an error: " + sql + ": " + e.getMessage());
        }
        if (!passed) {
          throw Failures.permanent(
              DatabaseFailures.VERIFY_FAILED, "check did not return true: " + sql);
        }
      }
      connection.rollback();
      return checks.size() + " verify check(s) returned true";
    } catch (SQLException e) {
      throw DatabaseErrors.sql(login.describe(), e);
    }
  }
}
