package dev.rewind.workflows.config;

import dev.rewind.workflows.core.Target;
import io.temporal.activity.ActivityInterface;

/**
 * File operations of {@code config-restore} on one host, on the files, backup directory, validator
 * and reload command the worker's catalog gives for {@code target} ({@code config}). Served where
 * the host's commands run: its agent, or the control worker over SSH. Every method is idempotent: a
 * file already as wanted is left alone, a snapshot already taken is reused. No file content ever
 * leaves the host: results carry paths, checksums, modes, owners and, for env files, the names of
 * the keys that changed.
 */
@ActivityInterface
public interface ConfigActivities {

  /**
   * Checks the backup set {@code <backupDir>/<set>/}: it exists, holds every catalog file, and its
   * SHA256SUMS matches. Changes nothing; {@link ConfigFailures#BACKUP_SET_INVALID} otherwise.
   */
  BackupSet checkSet(Target target, String set);

  /**
   * Copies the current files aside to {@code <backupDir>/.rewind/<snapshotId>/} (content, mode,
   * owner) with their checksums; a snapshot already complete there is returned as it is.
   */
  ConfigSnapshot snapshotFiles(Target target, String snapshotId);

  /**
   * Writes each file of the set over the current one atomically (a temporary file in the same
   * directory, then a rename), keeping the current file's mode and owner. Returns what changed.
   */
  String writeSet(Target target, String set, ConfigSnapshot before);

  /** Compensation: puts the snapshot's files back the same way (absent ones removed). */
  String restoreSnapshot(Target target, ConfigSnapshot before);

  /**
   * Runs the catalog's {@code config.validate}; a refusal is a non-retryable {@link
   * ConfigFailures#INVALID_CONFIG} carrying the validator's message. Noted when none is declared.
   */
  String validate(Target target);

  /** Runs the catalog's {@code config.reload}; a non-zero exit is a non-retryable CommandFailed. */
  String reload(Target target);
}
