package dev.rewind.activities.flags;

import dev.rewind.activities.Failures;
import dev.rewind.activities.database.DatabaseErrors;
import dev.rewind.activities.database.DatabaseLogin;
import dev.rewind.catalog.FlagProvider;
import dev.rewind.workflows.flags.FlagFailures;
import dev.rewind.workflows.flags.FlagValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flags in a table of the service's database, with the catalog's {@code database} login: {@code
 * read} must return one row whose first column is the value (boolean or text); {@code write} runs
 * in a transaction that is committed only when it touched exactly one row. Parameters are the
 * catalog's named {@code :name} and {@code :value}, bound, never spliced into the SQL.
 */
final class SqlFlags implements FlagStore {
  private static final Pattern PARAMETER = Pattern.compile("(?<!:):(name|value)\\b");

  private final FlagProvider.Sql sql;
  private final DatabaseLogin login;

  SqlFlags(FlagProvider.Sql sql, DatabaseLogin login) {
    this.sql = sql;
    this.login = login;
  }

  @Override
  public FlagValue read(String name) {
    try (Connection c = login.connect("rewind-flags");
        PreparedStatement read = prepare(c, sql.read(), Map.of("name", name));
        ResultSet rows = read.executeQuery()) {
      if (!rows.next()) {
        throw Failures.permanent(
            FlagFailures.FLAG_NOT_FOUND, "no flag " + name + " in " + describe());
      }
      Object value = rows.getObject(1);
      if (rows.next()) {
        throw Failures.permanent(
            FlagFailures.PROVIDER_REJECTED,
            "the catalog's flags.read returned more than one row for " + name);
      }
      if (value instanceof Boolean b) {
        return FlagValue.of(b);
      }
      if (value instanceof String s) {
        return FlagValue.of(s);
      }
      throw Failures.permanent(
          FlagFailures.PROVIDER_REJECTED,
          "the catalog's flags.read returned "
              + (value == null ? "NULL" : "a " + value.getClass().getSimpleName())
              + " for "
              + name
              + ", not a boolean or text");
    } catch (SQLException e) {
      throw DatabaseErrors.sql("reading flag " + name + " in " + login.describe(), e);
    }
  }

  @Override
  public void write(String name, FlagValue value) {
    try (Connection c = login.connect("rewind-flags")) {
      c.setAutoCommit(false);
      try (PreparedStatement write =
          prepare(c, sql.write(), Map.of("name", name, "value", value.json()))) {
        int rows = write.executeUpdate();
        if (rows != 1) {
          c.rollback();
          throw Failures.permanent(
              rows == 0 ? FlagFailures.FLAG_NOT_FOUND : FlagFailures.PROVIDER_REJECTED,
              "the catalog's flags.write touched "
                  + rows
                  + " rows for "
                  + name
                  + " (must touch exactly one): rolled back");
        }
        c.commit();
      }
    } catch (SQLException e) {
      throw DatabaseErrors.sql("writing flag " + name + " in " + login.describe(), e);
    }
  }

  /** The statement with each {@code :name}/{@code :value} replaced by {@code ?} and bound. */
  private static PreparedStatement prepare(Connection c, String statement, Map<String, Object> by)
      throws SQLException {
    List<Object> values = new ArrayList<>();
    Matcher m = PARAMETER.matcher(statement);
    StringBuilder jdbc = new StringBuilder();
    while (m.find()) {
      values.add(by.get(m.group(1)));
      m.appendReplacement(jdbc, "?");
    }
    m.appendTail(jdbc);
    PreparedStatement prepared = c.prepareStatement(jdbc.toString());
    for (int i = 0; i < values.size(); i++) {
      prepared.setObject(i + 1, values.get(i));
    }
    return prepared;
  }

  @Override
  public String describe() {
    return "sql " + login.describe();
  }
}
