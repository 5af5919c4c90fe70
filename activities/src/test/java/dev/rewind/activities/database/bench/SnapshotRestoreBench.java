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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Snapshot + restore of one database through Rewind's activity implementation (called as a worker
 * calls it, with heartbeats) against pg_dump + pg_restore run directly with the same options,
 * interleaved round by round (the order alternates) in one run. With {@code jobs} above 1 the
 * catalog says {@code database.jobs: <jobs>}, and the direct side is {@code pg_dump -Fd -j <jobs>}
 * + {@code pg_restore -j <jobs>}. Run by {@code bench/db-snapshot-restore}; prints to stdout, which
 * is what a benchmark is for.
 *
 * <p>Arguments: jdbcUrl user passwordEnv workDir bindir rounds jobs.
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
    int jobs = Integer.parseInt(args[6]);
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
                              keepSnapshots: 100, jobs: %d }
            """
                .formatted(url, user, passwordEnv, work.resolve("rewind"), jobs));
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
        "database %s: %.0f MiB; %d rounds, order alternating; %s%n",
        databaseName,
        dbBytes / 1048576.0,
        rounds,
        jobs == 1
            ? "jobs 1: pg_dump -Fc, pg_restore --single-transaction"
            : "jobs " + jobs + ": pg_dump -Fd -j " + jobs + ", pg_restore -j " + jobs);
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
          // Where Rewind's restore time goes: pg_restore's seconds and the row counts'.
          System.out.println("  rewind restore: " + rewind.restoreDatabase(db, m.file(), m));
          long t2 = System.nanoTime();
          t = new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
          size = m.sizeBytes();
          rewindDump = size;
          delete(Path.of(m.file()));
          Files.delete(Path.of(m.file().replace(".dump", ".manifest.json")));
          rewindTimes[i] = t;
        } else {
          Path dump = work.resolve("raw.dump");
          long t0 = System.nanoTime();
          delete(dump);
          List<String> dumpArgv = new ArrayList<>(List.of(bindir + "/pg_dump"));
          dumpArgv.addAll(
              jobs == 1
                  ? List.of("--format=custom")
                  : List.of("--format=directory", "--jobs=" + jobs));
          dumpArgv.add("--file=" + dump);
          run(dumpArgv, url, user, password);
          long t1 = System.nanoTime();
          List<String> restoreArgv = new ArrayList<>(List.of(bindir + "/pg_restore"));
          restoreArgv.addAll(DatabaseActivitiesImpl.restoreOptions(jobs));
          restoreArgv.add(dump.toString());
          run(restoreArgv, url, user, password);
          long t2 = System.nanoTime();
          t = new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
          size = size(dump);
          rawDump = size;
          delete(dump);
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

  private static long size(Path dump) throws Exception {
    if (!Files.isDirectory(dump)) {
      return Files.size(dump);
    }
    try (Stream<Path> files = Files.list(dump)) {
      long total = 0;
      for (Path f : (Iterable<Path>) files::iterator) {
        total += Files.size(f);
      }
      return total;
    }
  }

  /** Deletes a dump file or directory. */
  private static void delete(Path dump) throws Exception {
    if (!Files.exists(dump)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dump)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
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
