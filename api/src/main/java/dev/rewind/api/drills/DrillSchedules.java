package dev.rewind.api.drills;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The drills' Temporal Schedules, one per drill under the drill's id. Its only implementation is
 * {@link TemporalDrillSchedules}; the seam exists because the SDK's in-process test server has no
 * schedules, so the api's tests stand in a schedule that starts the same drill workflow.
 */
interface DrillSchedules {

  /**
   * Creates the drill's schedule; {@code cron} is refused (InvalidRequestException) when Temporal
   * does not accept it.
   */
  void create(Drill drill);

  /** The schedule as Temporal has it now; empty when it does not exist. */
  Optional<Status> describe(String drillId);

  /** Starts a run now, paused or not. */
  void trigger(String drillId);

  /** Deletes the schedule; a run under way goes on. Nothing to do when it does not exist. */
  void delete(String drillId);

  /** When it runs next (null: paused or never), and the drill workflows running now. */
  record Status(Instant nextRun, boolean paused, List<String> running) {}
}
