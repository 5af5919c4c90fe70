package dev.rewind.activities.config;

import dev.rewind.activities.catalog.PlanValues;

/**
 * Where a backup set and Rewind's snapshots lie under the catalog's {@code config.backupDir}: a set
 * is {@code <backupDir>/<set>/}, a snapshot {@code <backupDir>/.rewind/<id>/}, and each mirrors the
 * absolute paths of the files. The set's name and the snapshot's id come from the plan and are
 * validated here, at the moment of use, then confined under the backup directory again.
 */
final class BackupPaths {
  static final String SUMS = "SHA256SUMS";
  static final String COMPLETE = ".complete";

  private BackupPaths() {}

  static String set(String backupDir, String set) {
    String name = PlanValues.name("backup set", set);
    return PlanValues.confined("backup set", backupDir + "/" + name, backupDir).toString();
  }

  static String snapshot(String backupDir, String id) {
    String name = PlanValues.snapshotId(id);
    return PlanValues.confined("config snapshot", backupDir + "/.rewind/" + name, backupDir)
        .toString();
  }

  /** The copy of the absolute catalog path {@code file} inside {@code dir}. */
  static String mirrored(String dir, String file) {
    return dir + file;
  }

  /** {@code file} relative to the set, as SHA256SUMS names it. */
  static String relative(String file) {
    return file.substring(1);
  }
}
