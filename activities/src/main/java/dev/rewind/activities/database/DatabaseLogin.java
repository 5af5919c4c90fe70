package dev.rewind.activities.database;

import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.DatabaseTarget;
import dev.rewind.workflows.database.DatabaseFailures;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How this worker logs in to a catalog database: the JDBC URL for its own queries and the same
 * server as a libpq URI for pg_dump, pg_restore and psql. The password is read from the worker's
 * environment variable the catalog names, and handed to child processes as {@code PGPASSWORD} only:
 * it never appears in an argv, a log line or workflow history.
 */
public final class DatabaseLogin {
  static final int CONNECT_TIMEOUT_SECONDS = 10;

  private final DatabaseTarget db;
  private final String password;

  public DatabaseLogin(DatabaseTarget db, Map<String, String> environment) {
    this.db = db;
    this.password = environment.get(db.passwordEnv());
    if (password == null) {
      throw Failures.permanent(
          DatabaseFailures.DATABASE_REJECTED,
          "environment variable "
              + db.passwordEnv()
              + " (the catalog's passwordEnv) is not set on this worker");
    }
  }

  DatabaseTarget target() {
    return db;
  }

  /** A connection for Rewind's own queries (row counts, checks, snapshot export). */
  public Connection connect(String purpose) {
    Properties props = new Properties();
    props.setProperty("user", db.user());
    props.setProperty("password", password);
    props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("ApplicationName", purpose);
    try {
      return DriverManager.getConnection(db.url(), props);
    } catch (SQLException e) {
      throw DatabaseErrors.sql(describe(), e);
    }
  }

  /** {@code --dbname=<uri> --username=<user>} for a pg tool. */
  List<String> toolArgs() {
    List<String> args = new ArrayList<>();
    args.add("--dbname=" + libpqUri());
    args.add("--username=" + db.user());
    args.add("--no-password");
    return args;
  }

  /**
   * The child's environment: PATH, HOME and LANG of the worker's (none of its secrets, nor any PG*
   * variable that could point the tool elsewhere), plus the password, a connect timeout and an
   * application name that lets a retried step find backends left by a killed worker.
   */
  Map<String, String> toolEnvironment(Map<String, String> inherited, String applicationName) {
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("PATH", "HOME", "LANG")) {
      if (inherited.containsKey(name)) {
        env.put(name, inherited.get(name));
      }
    }
    env.put("PGPASSWORD", password);
    env.put("PGCONNECT_TIMEOUT", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    env.put("PGAPPNAME", applicationName);
    return env;
  }

  /** {@code jdbc:postgresql://h:p/db?sslmode=x&...} → {@code postgresql://h:p/db?sslmode=x}. */
  String libpqUri() {
    String rest = db.url().substring("jdbc:".length());
    int query = rest.indexOf('?');
    if (query < 0) {
      return rest;
    }
    StringBuilder uri = new StringBuilder(rest.substring(0, query));
    char sep = '?';
    for (String param : rest.substring(query + 1).split("&")) {
      // libpq refuses parameters it does not know; JDBC-only ones are left out.
      if (param.startsWith("sslmode=") || param.startsWith("sslrootcert=")) {
        uri.append(sep).append(param);
        sep = '&';
      }
    }
    return uri.toString();
  }

  /** "billing on 127.0.0.1:5432 as billing", for messages. */
  public String describe() {
    String rest = db.url().substring("jdbc:postgresql://".length());
    int slash = rest.indexOf('/');
    return db.databaseName()
        + " on "
        + (slash < 0 ? rest : rest.substring(0, slash))
        + " as "
        + db.user();
  }
}
