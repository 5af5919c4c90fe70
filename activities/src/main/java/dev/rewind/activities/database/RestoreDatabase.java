package dev.rewind.activities.database;

import dev.rewind.activities.Failures;
import dev.rewind.workflows.database.DatabaseFailures;
import dev.rewind.workflows.database.SnapshotManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a dump (a custom-format file or a directory) with {@code pg_restore --clean --if-exists
 * --single-transaction --exit-on-error}: every object in the dump is dropped and recreated with its
 * data in one transaction, so a restore that fails or is killed midway leaves the database exactly
 * as it was. When the catalog's {@code database.jobs} is above 1 it is {@code pg_restore --clean
 * --if-exists --exit-on-error -j <jobs>}: parallel jobs cannot share one transaction, so a parallel
 * restore that fails midway leaves the database partly restored; it stops at the first error, and a
 * rollback's compensation then restores the snapshot Rewind took before changing anything. Owners
 * and privileges are restored as dumped (no {@code --no-owner}): restoring as the catalog user who
 * owns the objects reproduces them exactly, and anything else fails the whole transaction rather
 * than changing ownership silently. Afterwards the row count of every table in the manifest must
 * match it.
 */
final class RestoreDatabase {
  static final String APPLICATION = "rewind-restore";
  private static final Logger log = LoggerFactory.getLogger(RestoreDatabase.class);

  private final DatabaseLogin login;
  private final Map<String, String> environment;
  private final String bindir;

  RestoreDatabase(DatabaseLogin login, Map<String, String> environment, String bindir) {
    this.login = login;
    this.environment = environment;
    this.bindir = bindir;
  }

  /** The options Rewind restores with; the benchmark runs raw pg_restore with the same. */
  static List<String> options(int jobs) {
    return jobs == 1
        ? List.of("--clean", "--if-exists", "--single-transaction", "--exit-on-error")
        : List.of("--clean", "--if-exists", "--exit-on-error", "--jobs=" + jobs);
  }

  String restore(String dumpFile, SnapshotManifest expected) {
    Path dump = Path.of(dumpFile);
    if (!Files.exists(dump)) {
      throw Failures.permanent(
          DatabaseFailures.BACKUP_NOT_FOUND, "nothing to restore: " + dumpFile + " does not exist");
    }
    endAbandonedRestores();
    long started = System.nanoTime();
    List<String> argv = new ArrayList<>();
    argv.add(PgTool.program(bindir, "pg_restore"));
    int jobs = login.target().jobs();
    argv.addAll(options(jobs));
    argv.addAll(login.toolArgs());
    argv.add(dump.toString());
    PgTool.Result result =
        PgTool.run(
            argv,
            login.toolEnvironment(environment, APPLICATION),
            "pg_restore " + dump.getFileName() + " → " + login.target().databaseName(),
            PgTool.readOffset(dump));
    if (result.exit() != 0) {
      throw DatabaseErrors.tool(
          "pg_restore of "
              + dumpFile
              + " into "
              + login.describe()
              + (jobs == 1
                  ? " (rolled back: the database is as it was)"
                  : " (parallel, -j "
                      + jobs
                      + ", not one transaction: the database is left partly restored; a"
                      + " rollback's compensation restores the snapshot Rewind took before it)"),
          result.exit(),
          result.stderr(),
          DatabaseFailures.RESTORE_FAILED);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    String restored =
        String.format(
            "restored %s into %s in %.1f s",
            dump.getFileName(), login.target().databaseName(), seconds);
    if (expected == null) {
      return restored + "; no manifest to verify row counts against";
    }
    long verifying = System.nanoTime();
    String verified = verify(expected);
    return restored
        + "; "
        + verified
        + String.format(" (counted in %.1f s)", (System.nanoTime() - verifying) / 1e9);
  }

  /**
   * Ends restores of this database left running by a worker that was killed: their transaction is
   * rolled back before this one starts, instead of racing it.
   */
  private void endAbandonedRestores() {
    try (Connection connection = login.connect("rewind-restore-check");
        PreparedStatement st =
            connection.prepareStatement(
                "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND application_name = ?"
                    + " AND pid <> pg_backend_pid()")) {
      st.setString(1, APPLICATION);
      try (var rs = st.executeQuery()) {
        rs.next();
        if (rs.getLong(1) > 0) {
          log.warn("ended {} restore(s) left running by a killed worker", rs.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw DatabaseErrors.sql(login.describe(), e);
    }
  }

  private String verify(SnapshotManifest expected) {
    Map<String, String> wrong = new TreeMap<>();
    List<String> extra = new ArrayList<>();
    try (Connection connection = login.connect("rewind-verify")) {
      for (String table : RowCounts.tables(connection)) {
        if (!expected.rowCounts().containsKey(table)) {
          extra.add(table);
        }
      }
      for (Map.Entry<String, Long> table : expected.rowCounts().entrySet()) {
        String[] name = table.getKey().split("\\.", 2);
        long actual = RowCounts.count(connection, name[0], name[1]);
        if (actual != table.getValue()) {
          wrong.put(
              table.getKey(),
              actual < 0 ? "missing" : actual + " rows, expected " + table.getValue());
        }
      }
    } catch (SQLException e) {
      throw DatabaseErrors.sql(login.describe(), e);
    }
    if (!wrong.isEmpty()) {
      throw Failures.permanent(
          DatabaseFailures.ROW_COUNT_MISMATCH,
          "after restoring "
              + expected.snapshotId()
              + " row counts differ from its manifest: "
              + wrong);
    }
    long rows = expected.rowCounts().values().stream().mapToLong(Long::longValue).sum();
    return "row counts of "
        + expected.rowCounts().size()
        + " tables ("
        + rows
        + " rows) match manifest "
        + expected.snapshotId();
  }
}
