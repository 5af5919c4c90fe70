package dev.rewind.workflows.legacy;

import dev.rewind.workflows.database.BackupCheck;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.activity.ActivityInterface;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The database steps of {@code migration-rollback} and {@code backup-restore}: snapshot, check a
 * backup, restore, verify, keep snapshots in bounds. Served on {@link DatabaseTarget#taskQueue()}
 * (the database host's agent; the control worker for ssh hosts), where pg_dump, pg_restore and psql
 * run with {@code PGPASSWORD} taken from the worker's environment variable {@code
 * db.passwordEnv()}. Long steps heartbeat with the bytes done; give them a heartbeat timeout.
 *
 * <p>Permanent failures are non-retryable with stable types: {@link FailureTypes#BACKUP_NOT_FOUND},
 * {@link FailureTypes#BACKUP_CORRUPT}, {@link FailureTypes#BACKUP_STALE}, {@link
 * FailureTypes#RESTORE_FAILED}, {@link FailureTypes#ROW_COUNT_MISMATCH}, {@link
 * FailureTypes#VERIFY_FAILED}, {@link FailureTypes#DATABASE_REJECTED} (bad password, unknown
 * database or role, pg_dump error). A database that does not answer is retried ({@code
 * DatabaseUnreachable}).
 */
@ActivityInterface
public interface DatabaseActivities {

  /**
   * Takes a {@code pg_dump -Fc} snapshot into {@code <snapshotDir>/<snapshotId>.dump} with its
   * manifest {@code <snapshotId>.manifest.json}; the row counts come from the same database
   * snapshot as the dump. Idempotent: when that manifest exists and the file matches its SHA-256,
   * the finished snapshot is returned and no other is taken (a retried step finds its own). The
   * dump is written to a temporary file and renamed, so a half-written snapshot is never seen.
   * {@code snapshotId} is deterministic per rollback, attempt and step, e.g. {@code
   * <rollbackId>-a<attempt>-<step>}, made of {@code [A-Za-z0-9._-]}.
   */
  SnapshotManifest snapshotDatabase(
      DatabaseTarget db, String snapshotId, String rollbackId, String step);

  /**
   * Restores {@code dumpFile} (custom format) with {@code pg_restore --clean --if-exists
   * --single-transaction --no-owner --exit-on-error}: either all of it is restored or the database
   * is left as it was. When {@code expected} is given, afterwards every table's row count must
   * equal the manifest's ({@link FailureTypes#ROW_COUNT_MISMATCH} otherwise). Idempotent: restoring
   * the same file twice leaves the same state. Returns a short detail for the step.
   */
  String restoreDatabase(DatabaseTarget db, String dumpFile, SnapshotManifest expected);

  /**
   * Checks a backup before anything is changed: it exists ({@link FailureTypes#BACKUP_NOT_FOUND}),
   * matches {@code <file>.sha256} when there is one ({@link FailureTypes#BACKUP_CORRUPT}), and its
   * modification time is within {@code maxAge} unless {@code allowStale} ({@link
   * FailureTypes#BACKUP_STALE}). Reads its manifest when it is one of Rewind's. Changes nothing.
   */
  BackupCheck checkBackup(
      DatabaseTarget db, String backupFile, Duration maxAge, boolean allowStale);

  /**
   * Runs each of {@code verifySql} (e.g. the catalog's {@code verify}); each must return a single
   * true ({@link FailureTypes#VERIFY_FAILED} otherwise). Read-only; returns a short detail.
   */
  String runSqlChecks(DatabaseTarget db, List<String> verifySql);

  /** Rewind's snapshots in {@code snapshotDir} (those with a manifest), newest first. */
  List<SnapshotManifest> listSnapshots(DatabaseTarget db);

  /**
   * Keeps the newest {@code keep} snapshots and never one in {@code protectedIds}, which may name
   * snapshot ids or rollback ids (every snapshot of a rollback still running); deletes the others'
   * dump and manifest. Idempotent. Returns the snapshot ids deleted.
   */
  List<String> pruneSnapshots(DatabaseTarget db, int keep, Set<String> protectedIds);
}
