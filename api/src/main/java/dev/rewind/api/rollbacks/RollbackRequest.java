package dev.rewind.api.rollbacks;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/rollbacks}. Versions are restricted to characters that are safe
 * in an image tag, a git ref and a command argument, because they end up in all three; {@code
 * gitSha} (the known-good commit of a {@code code-revert}) to hexadecimal digits. Without {@code
 * targetVersion} the registry's known-good version is the target (and its commit the {@code
 * gitSha}); without {@code currentVersion}, the registry's current one is named as the version
 * rolled back from. {@code targetMigration} (the migration a {@code migration-rollback} goes down
 * to) is a name safe in a command argument; {@code backup} (the {@code pg_dump -Fc} file a {@code
 * backup-restore} restores, else the one recorded with the current deployment) an absolute path
 * without {@code ..}; {@code allowStaleBackup} lets a backup older than the catalog's {@code
 * maxBackupAge} be restored.
 */
public record RollbackRequest(
    @NotBlank(message = "is required") String service,
    @NotBlank(message = "is required") String environment,
    @NotBlank(message = "is required") String strategy,
    @Pattern(regexp = VERSION, message = VERSION_MESSAGE) String targetVersion,
    @Pattern(regexp = VERSION, message = VERSION_MESSAGE) String currentVersion,
    @NotBlank(message = "is required")
        @Size(max = 2000, message = "must be at most 2000 characters")
        String reason,
    @Min(value = 0, message = "must be between 0 and 1440")
        @Max(value = 1440, message = "must be between 0 and 1440")
        Integer monitorMinutes,
    Boolean dryRun,
    @Pattern(regexp = GIT_SHA, message = GIT_SHA_MESSAGE) String gitSha,
    @Pattern(regexp = MODE, message = MODE_MESSAGE) String mode,
    @Pattern(regexp = VERSION, message = MIGRATION_MESSAGE) String targetMigration,
    @Size(max = 1024, message = "must be at most 1024 characters")
        @Pattern(regexp = BACKUP, message = BACKUP_MESSAGE)
        String backup,
    Boolean allowStaleBackup) {

  static final String VERSION = "[A-Za-z0-9._-]{1,128}";
  static final String VERSION_MESSAGE = "must be 1 to 128 letters, digits, '.', '_' or '-'";
  static final String GIT_SHA = "[0-9a-fA-F]{7,40}";
  static final String GIT_SHA_MESSAGE = "must be a commit sha: 7 to 40 hexadecimal digits";
  static final String MODE = "revert|checkout";
  static final String MODE_MESSAGE = "must be revert or checkout";
  static final String MIGRATION_MESSAGE =
      "must be a migration name: 1 to 128 letters, digits, '.', '_' or '-'";
  // An absolute path of plain characters with no ".." anywhere, so it cannot climb out of where
  // the pipeline keeps its backups and cannot smuggle anything into a command line.
  static final String BACKUP = "/(?!.*\\.\\.)[A-Za-z0-9._+@=,/-]{1,1023}";
  static final String BACKUP_MESSAGE =
      "must be an absolute path of letters, digits and ._+@=,/- without \"..\"";

  boolean allowsStaleBackup() {
    return Boolean.TRUE.equals(allowStaleBackup);
  }

  boolean isDryRun() {
    return Boolean.TRUE.equals(dryRun);
  }
}
