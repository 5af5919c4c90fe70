package dev.rewind.activities.database;

import dev.rewind.activities.Failures;
import dev.rewind.workflows.database.BackupCheck;
import dev.rewind.workflows.database.DatabaseFailures;
import dev.rewind.workflows.database.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a backup may be restored, before anything is changed: it must exist, be young
 * enough (or explicitly allowed stale), match the SHA-256 in {@code <file>.sha256} and in its
 * Rewind manifest where it has them, and be a custom-format archive, or a directory-format one (its
 * checksum: {@link Checksums}), whose table of contents pg_restore can read.
 */
final class CheckBackup {
  private final Map<String, String> environment;
  private final String bindir;
  private final Clock clock;

  CheckBackup(Map<String, String> environment, String bindir, Clock clock) {
    this.environment = environment;
    this.bindir = bindir;
    this.clock = clock;
  }

  BackupCheck check(String backupFile, Duration maxAge, boolean allowStale) throws IOException {
    Path file = Path.of(backupFile);
    if (!file.isAbsolute() || !Files.exists(file)) {
      throw Failures.permanent(
          DatabaseFailures.BACKUP_NOT_FOUND, "backup " + backupFile + " does not exist");
    }
    Instant modified = Files.getLastModifiedTime(file).toInstant();
    Duration age = Duration.between(modified, clock.instant());
    boolean stale = maxAge != null && age.compareTo(maxAge) > 0;
    if (stale && !allowStale) {
      throw Failures.permanent(
          DatabaseFailures.BACKUP_STALE,
          "backup "
              + backupFile
              + " is "
              + hours(age)
              + " old, older than maxBackupAge "
              + hours(maxAge)
              + "; the request must allow a stale backup explicitly");
    }
    String sha256 = Checksums.sha256(file, "sha256 " + file.getFileName());
    String expected = Checksums.expected(file);
    if (expected != null && !expected.equals(sha256)) {
      throw corrupt(
          backupFile, file.getFileName() + ".sha256 says " + expected + ", the file is " + sha256);
    }
    SnapshotManifest manifest = Manifests.besideDump(file);
    if (manifest != null && !manifest.sha256().equals(sha256)) {
      throw corrupt(
          backupFile, "its manifest says " + manifest.sha256() + ", the file is " + sha256);
    }
    readableArchive(file);
    return new BackupCheck(
        file.toString(),
        sha256,
        Manifests.size(file),
        modified,
        age.toSeconds(),
        expected != null,
        stale,
        manifest);
  }

  private void readableArchive(Path file) {
    PgTool.Result list =
        PgTool.run(
            List.of(PgTool.program(bindir, "pg_restore"), "--list", file.toString()),
            Map.of("PATH", environment.getOrDefault("PATH", "/usr/bin:/bin")),
            "pg_restore --list " + file.getFileName(),
            PgTool.readOffset(file));
    if (list.exit() != 0) {
      throw corrupt(file.toString(), "pg_restore cannot read it: " + list.stderr().strip());
    }
  }

  private static RuntimeException corrupt(String file, String why) {
    return Failures.permanent(
        DatabaseFailures.BACKUP_CORRUPT, "backup " + file + " is corrupt, not restored: " + why);
  }

  private static String hours(Duration d) {
    return d.toMinutes() < 120 ? d.toMinutes() + "m" : d.toHours() + "h";
  }
}
