package dev.rewind.api.assessments;

import dev.rewind.api.web.SafeValues;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/assessments}: what the operator sees after a deployment, in the
 * terms of the runbooks' decision matrix, and whether to start the recommended rollback.
 */
@Schema(description = "What is wrong after a deployment, for the runbooks' decision matrix.")
public record AssessmentRequest(
    @Schema(description = "Service, as named in the catalog.", example = "billing-api")
        @NotBlank(message = "is required")
        String service,
    @Schema(description = "Environment of the service in the catalog.", example = "production")
        @NotBlank(message = "is required")
        String environment,
    @Schema(
            description = "Share of users affected, in percent (runbook 002's 'User Impact').",
            minimum = "0",
            maximum = "100",
            requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "is required")
        @DecimalMin(value = "0", message = "must be between 0 and 100")
        @DecimalMax(value = "100", message = "must be between 0 and 100")
        Double usersAffectedPercent,
    @Schema(
            description = "Runbook 002's 'Data Risk'.",
            allowableValues = {"NONE", "LOW", "MEDIUM", "HIGH"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank(message = "is required")
        @Pattern(regexp = "NONE|LOW|MEDIUM|HIGH", message = "must be NONE, LOW, MEDIUM or HIGH")
        String dataRisk,
    @Schema(
            description = "Error rate since the deployment, in percent.",
            minimum = "0",
            maximum = "100")
        @DecimalMin(value = "0", message = "must be between 0 and 100")
        @DecimalMax(value = "100", message = "must be between 0 and 100")
        Double errorRatePercent,
    @Schema(
            description =
                "How much slower than before the deployment, in percent (100: twice as slow).",
            minimum = "0",
            maximum = "10000")
        @DecimalMin(value = "0", message = "must be between 0 and 10000")
        @DecimalMax(value = "10000", message = "must be between 0 and 10000")
        Double performanceDegradationPercent,
    @Schema(
            description = "How long a fix forward would take, in minutes; absent: unknown.",
            minimum = "0",
            maximum = "100000")
        @Min(value = 0, message = "must be between 0 and 100000")
        @Max(value = 100000, message = "must be between 0 and 100000")
        Integer fixForwardMinutes,
    @Schema(description = "The deployment introduced a security vulnerability.")
        Boolean securityIssue,
    @Schema(description = "Data corruption or loss was detected.") Boolean dataCorruption,
    @Schema(
            description =
                "Start the recommended rollback when the decision is ROLLBACK (needs the role"
                    + " pipeline); the assessment becomes its reason, so its incident report.")
        Boolean start,
    @Schema(description = "With start: why, put before the assessment in the rollback's reason.")
        @Size(max = 500, message = "must be at most 500 characters")
        @Pattern(regexp = SafeValues.TEXT, message = SafeValues.TEXT_MESSAGE)
        String reason) {

  Symptoms symptoms() {
    return new Symptoms(
        usersAffectedPercent,
        DataRisk.valueOf(dataRisk),
        errorRatePercent,
        performanceDegradationPercent,
        fixForwardMinutes,
        Boolean.TRUE.equals(securityIssue),
        Boolean.TRUE.equals(dataCorruption));
  }

  boolean starts() {
    return Boolean.TRUE.equals(start);
  }
}
