package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.web.SafeValues;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/rollbacks}: a chain of strategies ({@code strategies}, or {@code
 * strategy} for a chain of one) and the values they need. Versions and migration names become image
 * tags, git refs and whole command arguments, so they follow {@link SafeValues}; {@code gitSha} is
 * hexadecimal; {@code backup} an absolute path under the catalog's {@code database.backupDir}.
 * Without {@code targetVersion} the registry's known-good version is the target (and its commit,
 * image tag and migration the defaults); without {@code currentVersion}, the registry's current one
 * is named as the version rolled back from.
 */
@Schema(description = "A rollback request: a chain of strategies and the values they need.")
public record RollbackRequest(
    @Schema(description = "Service, as named in the catalog.", example = "billing-api")
        @NotBlank(message = "is required")
        String service,
    @Schema(description = "Environment of the service in the catalog.", example = "production")
        @NotBlank(message = "is required")
        String environment,
    @Schema(
            description = "One strategy: a chain of one. Send strategy or strategies, not both.",
            example = "container-revert",
            allowableValues = {
              "container-revert",
              "code-revert",
              "migration-rollback",
              "backup-restore",
              "config-restore",
              "feature-flag"
            })
        String strategy,
    @ArraySchema(
            arraySchema =
                @Schema(
                    description =
                        "The chain, run in this order as one saga (maintenance on once, the"
                            + " application stopped once, compensated newest first)."
                            + " Each strategy at most once; migration-rollback and backup-restore"
                            + " not together.",
                    example = "[\"backup-restore\", \"code-revert\"]"),
            schema =
                @Schema(
                    allowableValues = {
                      "container-revert",
                      "code-revert",
                      "migration-rollback",
                      "backup-restore",
                      "config-restore",
                      "feature-flag"
                    }),
            minItems = 1,
            maxItems = 8)
        @Size(min = 1, max = 8, message = "must name at least one strategy and at most 8")
        List<String> strategies,
    @Schema(description = "Version to roll back to; default: the registry's known-good one.")
        @Pattern(regexp = SafeValues.VERSION, message = SafeValues.VERSION_MESSAGE)
        String targetVersion,
    @Schema(description = "Version running now; default: the registry's current one.")
        @Pattern(regexp = SafeValues.VERSION, message = SafeValues.VERSION_MESSAGE)
        String currentVersion,
    @Schema(description = "Why: recorded in the ledger and the incident report.")
        @NotBlank(message = "is required")
        @Size(max = 2000, message = "must be at most 2000 characters")
        @Pattern(regexp = SafeValues.TEXT, message = SafeValues.TEXT_MESSAGE)
        String reason,
    @Schema(
            description =
                "Watch the service this long once the chain succeeded (status WATCHING): its"
                    + " health URL polled every health.watchEverySeconds; health.watchFailures"
                    + " failures in a row escalate. Needs a health section in the catalog. 0 or"
                    + " absent: no watch.",
            minimum = "0",
            maximum = "1440")
        @Min(value = 0, message = "must be between 0 and 1440")
        @Max(value = 1440, message = "must be between 0 and 1440")
        Integer monitorMinutes,
    @Schema(
            description =
                "Answer the plan, its steps, the approvals it would wait for and the"
                    + " preconditions checked now by the workers; start and record nothing.")
        Boolean dryRun,
    @Schema(
            description =
                "code-revert: the known-good commit; default: the target's in the registry.")
        @Pattern(regexp = SafeValues.GIT_SHA, message = SafeValues.GIT_SHA_MESSAGE)
        String gitSha,
    @Schema(description = "code-revert: revert (default) or checkout.")
        @Pattern(regexp = "revert|checkout", message = "must be revert or checkout")
        String mode,
    @Schema(
            description =
                "migration-rollback: the migration to go down to; default: the target's in the"
                    + " registry.")
        @Pattern(regexp = SafeValues.VERSION, message = SafeValues.MIGRATION_MESSAGE)
        String targetMigration,
    @Schema(
            description =
                "backup-restore: the pg_dump -Fc file (or -Fd directory), under the catalog's"
                    + " database.backupDir;"
                    + " default: the backup recorded with the current deployment.")
        @Size(max = 1024, message = "must be at most 1024 characters")
        @Pattern(regexp = SafeValues.BACKUP, message = SafeValues.BACKUP_MESSAGE)
        String backup,
    @Schema(description = "backup-restore: restore a backup older than the catalog's maxBackupAge.")
        Boolean allowStaleBackup,
    @Schema(
            description =
                "config-restore: the backup set <config.backupDir>/<configBackup>/ to restore;"
                    + " default: the target version's set.",
            example = "v1.5.2",
            maxLength = 128)
        @Pattern(regexp = SafeValues.VERSION, message = SafeValues.VERSION_MESSAGE)
        String configBackup,
    @Schema(
            description =
                "feature-flag: the values to set, by flag name (booleans, or strings the catalog's"
                    + " flags.values declares); default: the flags recorded with the target"
                    + " version's deployment.",
            example = "{\"new-checkout\": false}")
        Map<String, Object> flags,
    @Schema(
            description =
                "The incident's severity, which sets the SLA clock from the request: the"
                    + " environment's SLA for it (catalog sla; by default P0 15 min, P1 30 min,"
                    + " P2 2 h, P3 none). A rollback still running then is announced"
                    + " sla-breached to the targets the catalog routes it to.",
            example = "P1",
            allowableValues = {"P0", "P1", "P2", "P3"})
        @Pattern(regexp = "P[0-3]", message = "must be P0, P1, P2 or P3")
        String severity) {

  /**
   * A chain with every strategy's default (the registry's values) and the incident's severity: what
   * an assessment starts.
   */
  public static RollbackRequest chain(
      String service,
      String environment,
      List<String> strategies,
      String targetVersion,
      String currentVersion,
      String reason,
      String severity) {
    return new RollbackRequest(
        service,
        environment,
        null,
        strategies,
        targetVersion,
        currentVersion,
        reason,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        severity);
  }

  public boolean allowsStaleBackup() {
    return Boolean.TRUE.equals(allowStaleBackup);
  }

  public boolean isDryRun() {
    return Boolean.TRUE.equals(dryRun);
  }

  public int monitor() {
    return monitorMinutes == null ? 0 : monitorMinutes;
  }

  /** The fields that only some strategies read, with what the request sent (null: absent). */
  Map<String, Object> strategyFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("gitSha", gitSha);
    fields.put("mode", mode);
    fields.put("targetMigration", targetMigration);
    fields.put("backup", backup);
    fields.put("allowStaleBackup", allowStaleBackup);
    fields.put("configBackup", configBackup);
    fields.put("flags", flags);
    return fields;
  }

  /** The request field naming the chain, for problems about it. */
  String chainField() {
    return strategies != null ? "strategies" : "strategy";
  }
}
