package dev.rewind.workflows.database;

import java.util.List;

/** Stable failure types of the database strategies' permanent errors. */
public final class DatabaseFailures {
  /** The backup file to restore does not exist (or is not a regular file). */
  public static final String BACKUP_NOT_FOUND = "BackupNotFound";

  /**
   * The backup's SHA-256 differs from its {@code <file>.sha256} or its manifest: never restored.
   */
  public static final String BACKUP_CORRUPT = "BackupCorrupt";

  /** The backup is older than {@code maxBackupAge} and the request did not allow a stale one. */
  public static final String BACKUP_STALE = "BackupStale";

  /** pg_restore failed; its single transaction was rolled back, the database is as before. */
  public static final String RESTORE_FAILED = "RestoreFailed";

  /** After a restore a table's row count differs from the manifest's. */
  public static final String ROW_COUNT_MISMATCH = "RowCountMismatch";

  /** A catalog {@code verify} SQL check did not return true. */
  public static final String VERIFY_FAILED = "VerifyFailed";

  /** The database refused us (bad password, unknown database or role, a pg_dump error). */
  public static final String DATABASE_REJECTED = "DatabaseRejected";

  /** A backup refused by its check: nothing was changed, and another attempt would not help. */
  public static final List<String> REFUSALS =
      List.of(BACKUP_NOT_FOUND, BACKUP_CORRUPT, BACKUP_STALE);

  private DatabaseFailures() {}
}
