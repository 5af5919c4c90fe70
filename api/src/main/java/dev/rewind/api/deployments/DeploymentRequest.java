package dev.rewind.api.deployments;

import dev.rewind.api.web.SafeValues;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/deployments}: what a pipeline just deployed. Its version and
 * migration may later become whole command arguments, so they follow {@link SafeValues} (never a
 * leading '-'). {@code backup} is the {@code pg_dump -Fc} file (or {@code -Fd} directory) it took
 * just before, the one a later backup-restore uses: under the catalog's {@code database.backupDir}.
 * {@code flags} are the feature flags it runs with, checked against the catalog's {@code flags}
 * section.
 */
public record DeploymentRequest(
    @NotBlank(message = "is required") String service,
    @NotBlank(message = "is required") String environment,
    @NotBlank(message = "is required")
        @Pattern(regexp = SafeValues.VERSION, message = SafeValues.VERSION_MESSAGE)
        String version,
    @Pattern(regexp = "[0-9a-f]{7,40}", message = "must be 7 to 40 lower-case hex digits")
        String gitSha,
    @Size(max = 255, message = "must be at most 255 characters")
        @Pattern(
            regexp = "[a-z0-9][a-z0-9._/:-]*(@sha256:[0-9a-f]{64})?",
            message = "must be an image reference such as registry/app:v1.5.2")
        String image,
    @Pattern(regexp = SafeValues.VERSION, message = SafeValues.MIGRATION_MESSAGE) String migration,
    @Size(max = 1024, message = "must be at most 1024 characters")
        @Pattern(regexp = SafeValues.BACKUP, message = SafeValues.BACKUP_MESSAGE)
        String backup,
    @Schema(
            description =
                "The feature flags this version runs with, by name (booleans, or strings the"
                    + " catalog's flags.values declares): what a feature-flag rollback to it"
                    + " restores.",
            example = "{\"new-checkout\": true}")
        Map<String, Object> flags) {}
