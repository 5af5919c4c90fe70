package dev.rewind.activities.database;

import dev.rewind.workflows.FailureTypes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The catalog's {@code verify} checks, each a query that must return one row whose single value is
 * true, run in a read-only transaction so a check can never change the data it verifies.
 */
final class SqlChecks {
  private SqlChecks() {}

  static String run(DatabaseLogin login, List<String> checks) {
    if (checks == null || checks.isEmpty()) {
      return "no verify checks in the catalog";
    }
    try (Connection connection = login.connect("rewind-verify")) {
      connection.setReadOnly(true);
      connection.setAutoCommit(false);
      for (String sql : checks) {
        boolean passed;
        try (Statement st = connection.createStatement();
            ResultSet rs = st.executeQuery(sql)) {
          passed = rs.next() && rs.getBoolean(1) && !rs.wasNull() && !rs.next();
        } catch (SQLException e) {
          if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            throw e;
          }
          throw DatabaseFailures.permanent(
              FailureTypes.VERIFY_FAILED,
              "check failed with an error: " + sql + ": " + e.getMessage());
        }
        if (!passed) {
          throw DatabaseFailures.permanent(
              FailureTypes.VERIFY_FAILED, "check did not return true: " + sql);
        }
      }
      connection.rollback();
      return checks.size() + " verify check(s) returned true";
    } catch (SQLException e) {
      throw DatabaseFailures.sql(login.describe(), e);
    }
  }
}
