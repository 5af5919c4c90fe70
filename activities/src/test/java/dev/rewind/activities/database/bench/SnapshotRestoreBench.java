package dev.rewind.activities.database.bench;

import dev.rewind.activities.TestActivities;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.activities.database.DatabaseActivitiesImpl;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.database.DatabaseActivities;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Snapshot + restore of one database through Rewind's activity implementation (called as a worker
 * calls it, with heartbeats) against pg_dump + pg_restore run directly with the same options,
 * interleaved round by round (the order alternates) in one run. Run by {@code
 * bench/db-snapshot-restore}; prints to stdout, which is what a benchmark is for.
 *
 * <p>Arguments: jdbcUrl user passwordEnv workDir bindir rounds.
 */
public final class SnapshotRestoreBench {
  private SnapshotRestoreBench() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String passwordEnv = args[2];
    Path work = Files.createDirectories(Path.of(args[3]));
    String bindir = args[4];
    int rounds = Integer.parseInt(args[5]);
    String password = System.getenv(passwordEnv);
    Catalog catalog =
        TestCatalogs.write(
            work.resolve("catalog"),
            """
            hosts:
              bench: { transport: agent }
            services:
              bench:
                bench:
                  hosts: [bench]
                  database: { url: "%s", user: %s, passwordEnv: %s, snapshotDir: %s,
                              keepSnapshots: 100 }
            """
                .formatted(url, user, passwordEnv, work.resolve("rewind")));
    Target db = TestCatalogs.target(catalog, "bench", "bench", "bench");
    String databaseName = url.substring(url.lastIndexOf('/') + 1);
    long dbBytes = databaseSize(url, user, password);

    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        DatabaseActivitiesImpl.agent(new CatalogTargets(catalog), "bench", System.getenv())
            .using(bindir, Clock.systemUTC()));
    DatabaseActivities rewind =
        TestActivities.once(env, DatabaseActivities.class, Duration.ofHours(2));

    System.out.printf(
        Locale.ROOT,
        "database %s: %.0f MiB; %d rounds, order alternating%n",
        databaseName,
        dbBytes / 1048576.0,
        rounds);
    System.out.printf(
        Locale.ROOT,
        "%-6s %-7s %9s %9s %9s %10s%n",
        "round",
        "side",
        "dump_s",
        "restore_s",
        "total_s",
        "dump_MiB");
    double[][] rewindTimes = new double[rounds][];
    double[][] rawTimes = new double[rounds][];
    long rewindDump = 0;
    long rawDump = 0;
    for (int i = 0; i < rounds; i++) {
      boolean rewindFirst = i % 2 == 0;
      for (int side = 0; side < 2; side++) {
        boolean isRewind = (side == 0) == rewindFirst;
        double[] t;
        long size;
        if (isRewind) {
          long t0 = System.nanoTime();
          SnapshotManifest m = rewind.snapshotDatabase(db, "bench-r" + i, "bench", "snapshot");
          long t1 = System.nanoTime();
          rewind.restoreDatabase(db, m.file(), m);
          long t2 = System.nanoTime();
          t = new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
          size = m.sizeBytes();
          rewindDump = size;
          Files.delete(Path.of(m.file()));
          Files.delete(Path.of(m.file().replace(".dump", ".manifest.json")));
          rewindTimes[i] = t;
        } else {
          Path dump = work.resolve("raw.dump");
          long t0 = System.nanoTime();
          List<String> dumpArgv = new ArrayList<>(List.of(bindir + "/pg_dump", "--format=custom"));
          dumpArgv.add("--file=" + dump);
          run(dumpArgv, url, user, password);
          long t1 = System.nanoTime();
          List<String> restoreArgv = new ArrayList<>(List.of(bindir + "/pg_restore"));
          restoreArgv.addAll(DatabaseActivitiesImpl.RESTORE_OPTIONS);
          restoreArgv.add(dump.toString());
          run(restoreArgv, url, user, password);
          long t2 = System.nanoTime();
          t = new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
          size = Files.size(dump);
          rawDump = size;
          Files.delete(dump);
          rawTimes[i] = t;
        }
        settle(url, user, password);
        System.out.printf(
            Locale.ROOT,
            "%-6d %-7s %9.2f %9.2f %9.2f %10.1f%n",
            i + 1,
            isRewind ? "rewind" : "direct",
            t[0],
            t[1],
            t[0] + t[1],
            size / 1048576.0);
      }
    }
    env.close();
    report("dump", median(rewindTimes, 0), median(rawTimes, 0), dbBytes);
    report("restore", median(rewindTimes, 1), median(rawTimes, 1), dbBytes);
    report("total", median(rewindTimes, 2), median(rawTimes, 2), dbBytes);
    System.out.printf(
        Locale.ROOT,
        "dump files: rewind %.1f MiB, direct %.1f MiB%n",
        rewindDump / 1048576.0,
        rawDump / 1048576.0);
    // The activity test environment leaves non-daemon threads behind.
    System.exit(0);
  }

  /**
   * Untimed, after each side: freeze and analyze the freshly restored tables and checkpoint, so the
   * next side does not pay for this one's hint bits and dirty buffers.
   */
  private static void settle(String url, String user, String password) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement()) {
      st.execute("VACUUM (FREEZE, ANALYZE)");
      st.execute("CHECKPOINT");
    }
  }

  private static void report(String what, double rewind, double direct, long dbBytes) {
    System.out.printf(
        Locale.ROOT,
        "median %-8s rewind %7.2f s (%6.1f MB/s)  direct %7.2f s (%6.1f MB/s)  ratio %.3f%n",
        what,
        rewind,
        dbBytes / 1e6 / rewind,
        direct,
        dbBytes / 1e6 / direct,
        rewind / direct);
  }

  /** The median of column {@code c} (0 dump, 1 restore, 2 both) over the rounds. */
  private static double median(double[][] times, int c) {
    double[] v =
        Arrays.stream(times).mapToDouble(t -> c == 2 ? t[0] + t[1] : t[c]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static void run(List<String> argv, String url, String user, String password)
      throws Exception {
    List<String> full = new ArrayList<>(argv);
    full.add("--dbname=" + url.substring("jdbc:".length()));
    full.add("--username=" + user);
    full.add("--no-password");
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("PGPASSWORD", password);
    int exit = builder.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " exited " + exit);
    }
  }

  private static long databaseSize(String url, String user, String password) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
