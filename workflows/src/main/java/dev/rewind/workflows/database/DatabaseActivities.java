package dev.rewind.workflows.database;

import dev.rewind.workflows.core.Target;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Set;

/**
 * The database steps of {@code migration-rollback} and {@code backup-restore}: snapshot, check a
 * backup, restore, verify, keep snapshots in bounds. {@code target.host()} is the database's
 * catalog host; served there (its agent) or by the control worker for an ssh host. The JDBC URL,
 * user, password variable, snapshot and backup directories and verify SQL come from the worker's
 * catalog. Long steps heartbeat with the bytes done; give them a heartbeat timeout.
 *
 * <p>Permanent failures are non-retryable with the stable types of {@link DatabaseFailures}. A
 * database that does not answer is retried ({@code DatabaseUnreachable}).
 */
@ActivityInterface
public interface DatabaseActivities {

  /**
   * Takes a {@code pg_dump -Fc} snapshot into {@code <snapshotDir>/<snapshotId>.dump} with its
   * manifest {@code <snapshotId>.manifest.json}; the row counts come from the same database
   * snapshot as the dump. When the catalog's {@code database.jobs} is above 1, {@code <snapshotId>
   * .dump} is a directory written by {@code pg_dump -Fd -j <jobs>}. Idempotent: when that manifest
   * exists and the file matches its SHA-256, the finished snapshot is returned (a retried step
   * finds its own). Written to a temporary file and renamed, so a half-written snapshot is never
   * seen; a temporary file left by a killed worker is removed. {@code snapshotId} is {@code
   * [A-Za-z0-9._-]}, e.g. {@code <rollbackId>-a<attempt>-<step>}.
   */
  SnapshotManifest snapshotDatabase(
      Target target, String snapshotId, String rollbackId, String step);

  /**
   * Restores {@code dumpFile} (custom or directory format, under the catalog's {@code snapshotDir}
   * or {@code backupDir}, else {@code INVALID_VALUE}) with {@code pg_restore --clean --if-exists
   * --single-transaction --exit-on-error}: all of it or nothing. With the catalog's {@code
   * database.jobs} above 1 it is {@code -j <jobs>} without {@code --single-transaction}: a failure
   * leaves the database partly restored, for the strategy's compensation to put its snapshot back.
   * When {@code expected} is given, every table's row count must then equal the manifest's.
   * Idempotent.
   */
  String restoreDatabase(Target target, String dumpFile, SnapshotManifest expected);

  /**
   * Checks a backup under the catalog's {@code backupDir} before anything is changed: it exists,
   * matches {@code <file>.sha256} when there is one, and is younger than {@code maxAgeSeconds}
   * unless {@code allowStale}. Reads its manifest when it is one of Rewind's. Changes nothing.
   */
  BackupCheck checkBackup(Target target, String backupFile, long maxAgeSeconds, boolean allowStale);

  /**
   * Runs the catalog's {@code verify} SQL (each must return a single true, {@link
   * DatabaseFailures#VERIFY_FAILED} otherwise), read-only, under a statement timeout, heartbeating.
   * Returns a short detail; notes when the catalog declares none.
   */
  String runSqlChecks(Target target);

  /** Rewind's snapshots in the catalog's {@code snapshotDir}, newest first. */
  List<SnapshotManifest> listSnapshots(Target target);

  /**
   * Keeps the newest {@code database.keepSnapshots} (catalog, at least 1) snapshots and never one
   * in {@code protectedIds} (snapshot ids or rollback ids); deletes the others' dump and manifest.
   * Idempotent. Returns the ids deleted.
   */
  List<String> pruneSnapshots(Target target, Set<String> protectedIds);
}
