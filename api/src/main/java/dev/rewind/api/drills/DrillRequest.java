package dev.rewind.api.drills;

import dev.rewind.api.web.SafeValues;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /api/v1/drills}: which service to drill where, with which chain, against
 * which severity's SLA, and when ({@code every} or {@code cron}, exactly one).
 */
@Schema(description = "A scheduled rollback drill in a non-production environment.")
public record DrillRequest(
    @Schema(description = "Service, as named in the catalog.", example = "demo-web")
        @NotBlank(message = "is required")
        @Pattern(regexp = SafeValues.NAME, message = SafeValues.NAME_MESSAGE)
        String service,
    @Schema(
            description =
                "A non-production environment of the service: production, prod and names"
                    + " starting with prod- or production- or ending with -prod or -production"
                    + " are refused.",
            example = "staging")
        @NotBlank(message = "is required")
        @Pattern(regexp = SafeValues.NAME, message = SafeValues.NAME_MESSAGE)
        String environment,
    @ArraySchema(
            arraySchema =
                @Schema(
                    description =
                        "The chain both legs run, as in POST /rollbacks: back to the known-good"
                            + " version, then forward to the version the service ran.",
                    example = "[\"container-revert\"]"),
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
        @NotNull(message = "is required")
        @Size(min = 1, max = 8, message = "must name at least one strategy and at most 8")
        List<String> strategies,
    @Schema(
            description =
                "The severity whose SLA the time to roll back is measured against: the"
                    + " environment's (catalog sla), by default P0 15 min, P1 30 min, P2 2 h,"
                    + " P3 none. Default P1.",
            allowableValues = {"P0", "P1", "P2", "P3"})
        @Pattern(regexp = "P[0-3]", message = "must be P0, P1, P2 or P3")
        String severity,
    @Schema(
            description =
                "Run every this long: a number and m, h or d, from 1m to 3660d (runbook 000:"
                    + " quarterly, 90d). Send every or cron.",
            example = "90d",
            pattern = DrillSchedule.EVERY)
        @Pattern(regexp = DrillSchedule.EVERY, message = DrillSchedule.EVERY_MESSAGE)
        String every,
    @Schema(
            description =
                "Run at these times (UTC): a cron expression of 5 fields (minute hour"
                    + " day-of-month month day-of-week) of digits, *, /, - and ','. Send every or"
                    + " cron.",
            example = "0 3 1 */3 *",
            pattern = DrillSchedule.CRON)
        @Pattern(regexp = DrillSchedule.CRON, message = DrillSchedule.CRON_MESSAGE)
        String cron,
    @Schema(description = "Create the schedule paused: it runs only when triggered.")
        Boolean paused) {

  public String severityOrDefault() {
    return severity == null ? "P1" : severity;
  }

  public boolean isPaused() {
    return Boolean.TRUE.equals(paused);
  }
}
