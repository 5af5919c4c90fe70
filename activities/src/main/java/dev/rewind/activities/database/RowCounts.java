package dev.rewind.activities.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact row counts of every user table ({@code schema.table}), counted with {@code count(*)} on the
 * caller's connection, so in its transaction's snapshot: the one the dump was taken from.
 */
final class RowCounts {
  private static final String TABLES =
      "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
          + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
          + " ORDER BY 1, 2";

  private RowCounts() {}

  /** Every user table, {@code schema.table}, sorted. */
  static List<String> tables(Connection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(TABLES)) {
      while (rs.next()) {
        names.add(rs.getString(1) + "." + rs.getString(2));
      }
    }
    return names;
  }

  static Map<String, Long> count(Connection connection) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(TABLES)) {
      while (rs.next()) {
        tables.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    Map<String, Long> counts = new TreeMap<>();
    for (String[] t : tables) {
      counts.put(t[0] + "." + t[1], count(connection, t[0], t[1]));
    }
    return counts;
  }

  /** Counts one table, or -1 when it does not exist. */
  static long count(Connection connection, String schema, String table) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT CASE WHEN to_regclass('"
                    + quoteLiteral(quote(schema) + "." + quote(table))
                    + "') IS NULL THEN -1 ELSE 0 END")) {
      rs.next();
      if (rs.getLong(1) < 0) {
        return -1;
      }
    }
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM " + quote(schema) + "." + quote(table))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String quoteLiteral(String text) {
    return text.replace("'", "''");
  }
}
