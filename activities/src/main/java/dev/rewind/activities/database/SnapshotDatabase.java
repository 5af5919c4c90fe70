package dev.rewind.activities.database;

import dev.rewind.workflows.database.DatabaseFailures;
import dev.rewind.workflows.database.SnapshotManifest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot: {@code pg_dump -Fc} into a temporary file, renamed to {@code <id>.dump} once
 * complete, then the manifest; temporary files an earlier, killed attempt of the same snapshot left
 * are removed first. When the catalog's {@code database.jobs} is above 1 it is {@code pg_dump -Fd
 * -j <jobs>} into a temporary directory instead, renamed the same way. Rewind's connection opens a
 * repeatable-read transaction and exports its snapshot; pg_dump dumps that very snapshot ({@code
 * --snapshot}, its parallel workers too) while the connection counts every table's rows in it, so
 * the manifest's counts are exactly what the dump holds. A snapshot whose manifest exists and whose
 * file still matches its SHA-256 is returned as it is.
 */
final class SnapshotDatabase {
  static final String APPLICATION = "rewind-snapshot";
  private static final Logger log = LoggerFactory.getLogger(SnapshotDatabase.class);

  private final DatabaseLogin login;
  private final Map<String, String> environment;
  private final String bindir;

  SnapshotDatabase(DatabaseLogin login, Map<String, String> environment, String bindir) {
    this.login = login;
    this.environment = environment;
    this.bindir = bindir;
  }

  SnapshotManifest take(String snapshotId, String rollbackId, String step) throws IOException {
    Path dir = Path.of(login.target().snapshotDir());
    Path dump = Manifests.dump(dir, snapshotId);
    Path manifest = Manifests.manifest(dir, snapshotId);
    removeLeftovers(dir, snapshotId);
    SnapshotManifest existing = finished(dump, manifest);
    if (existing != null) {
      log.info("snapshot {} already taken ({}): not taken again", snapshotId, existing.describe());
      return existing;
    }
    Files.createDirectories(dir);
    Path tmp = Manifests.temporaryDump(dir, snapshotId);
    try (Connection connection = login.connect(APPLICATION)) {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      String exported;
      String serverVersion;
      try (Statement st = connection.createStatement()) {
        // Counting runs beside pg_dump: one backend, not parallel workers competing with the dump.
        st.execute("SET max_parallel_workers_per_gather = 0");
      }
      try (Statement st = connection.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT pg_export_snapshot(), current_setting('server_version')")) {
        rs.next();
        exported = rs.getString(1);
        serverVersion = rs.getString(2);
      }
      Instant takenAt = Instant.now();
      CompletableFuture<Map<String, Long>> counts =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return RowCounts.count(connection);
                } catch (SQLException e) {
                  throw new CompletionException(e);
                }
              });
      List<String> argv = new ArrayList<>();
      argv.add(PgTool.program(bindir, "pg_dump"));
      int jobs = login.target().jobs();
      argv.addAll(
          jobs == 1 ? List.of("--format=custom") : List.of("--format=directory", "--jobs=" + jobs));
      argv.addAll(List.of("--snapshot=" + exported, "--file=" + tmp));
      argv.addAll(login.toolArgs());
      long dumpStarted = System.nanoTime();
      PgTool.Result result =
          PgTool.run(
              argv,
              login.toolEnvironment(environment, APPLICATION),
              "pg_dump " + login.target().databaseName() + " → " + snapshotId,
              PgTool.written(tmp));
      if (result.exit() != 0) {
        throw DatabaseErrors.tool(
            "pg_dump of " + login.describe(),
            result.exit(),
            result.stderr(),
            DatabaseFailures.DATABASE_REJECTED);
      }
      long dumped = System.nanoTime();
      Map<String, Long> rows = join(counts);
      long counted = System.nanoTime();
      connection.commit();
      sync(tmp);
      String sha256 = Checksums.sha256(tmp, "sha256 " + snapshotId);
      long size = Manifests.size(tmp);
      // A dump that did not match its manifest is replaced; a directory cannot be renamed over it.
      Manifests.delete(dump);
      Files.move(tmp, dump, StandardCopyOption.ATOMIC_MOVE);
      SnapshotManifest taken =
          new SnapshotManifest(
              snapshotId,
              dump.toString(),
              sha256,
              size,
              login.target().databaseName(),
              serverVersion,
              takenAt,
              rollbackId,
              step,
              rows);
      Manifests.write(manifest, taken);
      log.info(
          "took {} (pg_dump {} s, then waited {} s for row counts, fsync + sha256 {} s)",
          taken.describe(),
          seconds(dumped - dumpStarted),
          seconds(counted - dumped),
          seconds(System.nanoTime() - counted));
      return taken;
    } catch (SQLException e) {
      throw DatabaseErrors.sql(login.describe(), e);
    } finally {
      Manifests.delete(tmp);
    }
  }

  /** Forces a dump to disk: the file, or a directory dump's files and the directory itself. */
  private static void sync(Path dump) throws IOException {
    if (Files.isDirectory(dump)) {
      for (Path file : Manifests.files(dump)) {
        sync(file);
      }
    }
    StandardOpenOption mode =
        Files.isDirectory(dump) ? StandardOpenOption.READ : StandardOpenOption.WRITE;
    try (FileChannel channel = FileChannel.open(dump, mode)) {
      channel.force(true);
    }
  }

  /**
   * Removes the temporary dumps of this snapshot that an earlier attempt left behind: a worker
   * killed while pg_dump wrote never reached its own clean-up. Only this snapshot's: another
   * snapshot's temporary file may be one a live worker is writing now. An attempt of this same
   * snapshot still running elsewhere (a worker cut off after its heartbeat timed out) only loses a
   * result Temporal no longer waits for.
   */
  private static void removeLeftovers(Path dir, String snapshotId) throws IOException {
    for (Path leftover : Manifests.temporaryDumps(dir, snapshotId)) {
      if (Manifests.delete(leftover)) {
        log.info("removed {}, left by an earlier attempt of this snapshot", leftover);
      }
    }
  }

  /** The finished snapshot of this id, when its manifest exists and the dump matches it. */
  private static SnapshotManifest finished(Path dump, Path manifest) throws IOException {
    if (!Files.isRegularFile(manifest) || !Files.exists(dump)) {
      return null;
    }
    SnapshotManifest existing = Manifests.read(manifest);
    if (Manifests.size(dump) == existing.sizeBytes()
        && Checksums.sha256(dump, "sha256 " + existing.snapshotId()).equals(existing.sha256())) {
      return existing;
    }
    log.warn("snapshot {} does not match its manifest: taking it again", existing.snapshotId());
    return null;
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
  }

  private static Map<String, Long> join(CompletableFuture<Map<String, Long>> counts)
      throws SQLException {
    try {
      return counts.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw e;
    }
  }
}
