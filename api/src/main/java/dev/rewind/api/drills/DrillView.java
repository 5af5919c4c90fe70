package dev.rewind.api.drills;

import dev.rewind.workflows.drill.DrillLeg;
import dev.rewind.workflows.drill.DrillRun;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A drill as {@code GET /api/v1/drills} answers it: what, when, its schedule now, its runs. */
@Schema(name = "Drill", description = "A scheduled rollback drill and its runs, newest first.")
record DrillView(
    String id,
    String service,
    String environment,
    List<String> strategies,
    @Schema(description = "The severity whose SLA the time to roll back is measured against.")
        String severity,
    @Schema(description = "That SLA in minutes; 0: none (P3).") int slaMinutes,
    @Schema(description = "The interval, when scheduled by one.") String every,
    @Schema(description = "The cron expression (UTC), when scheduled by one.") String cron,
    @Schema(description = "The schedule as Temporal has it now; null when it could not be read.")
        ScheduleView schedule,
    String createdBy,
    Instant createdAt,
    Links links,
    List<RunView> runs) {

  record Links(
      @Schema(description = "This drill in the api.") String self,
      @Schema(description = "Its schedule in the Temporal UI's Schedules page.")
          String temporalUi) {}

  @Schema(name = "DrillSchedule")
  record ScheduleView(
      @Schema(description = "Paused: it runs only when triggered.") boolean paused,
      @Schema(description = "When it runs next; null when paused.") Instant nextRun,
      @Schema(description = "Ids of the drill workflows running now.") List<String> running) {}

  /** One run: each leg's rollback and outcome, the time rolling back took against the SLA. */
  @Schema(name = "DrillRun")
  record RunView(
      @Schema(description = "The drill workflow's id.") String runId,
      @Schema(description = "RUNNING, PASSED (back and forward succeeded) or FAILED.")
          String outcome,
      Instant startedAt,
      Instant finishedAt,
      @Schema(description = "From the start of the run to its end, in seconds.")
          Long durationSeconds,
      int slaMinutes,
      @Schema(
              description =
                  "Whether rolling back took at most the SLA; null while running, with no SLA,"
                      + " or when the service was not rolled back.")
          Boolean slaMet,
      @Schema(
              description =
                  "Back to known-good: status SUCCEEDED, FAILED, ABORTED, ESCALATED, REFUSED"
                      + " (not started: detail says why) or RUNNING.")
          DrillLeg back,
      @Schema(
              description =
                  "Forward again to the version the service ran; SKIPPED after a back leg that did not succeed.")
          DrillLeg forward) {

    static RunView of(DrillRun run) {
      Instant started = Instant.ofEpochMilli(run.startedAtMillis());
      Instant finished =
          run.finishedAtMillis() == null ? null : Instant.ofEpochMilli(run.finishedAtMillis());
      return new RunView(
          run.runId(),
          run.outcome(),
          started,
          finished,
          finished == null ? null : Duration.between(started, finished).toSeconds(),
          run.slaMinutes(),
          run.slaMet(),
          run.back(),
          run.forward());
    }
  }
}
