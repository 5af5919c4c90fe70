package dev.rewind.api.drills;

import dev.rewind.workflows.drill.DrillInput;
import java.time.Instant;
import java.util.List;

/** A drill as the api's drills table holds it. */
record Drill(
    String id,
    String service,
    String environment,
    List<String> strategies,
    String severity,
    DrillSchedule schedule,
    boolean paused,
    String createdBy,
    Instant createdAt) {

  /** {@code drill-<environment>-<service>-<number>}, the drill's id and its schedule's. */
  static String id(String environment, String service, int number) {
    return "drill-" + environment + "-" + service + "-" + number;
  }

  /** What its schedule starts the drill workflow with: names only. */
  DrillInput input() {
    return new DrillInput(id, service, environment, strategies, severity);
  }

  /** The line the Temporal UI shows for the schedule and each run. */
  String summary() {
    return "Rollback drill %s %s: %s back to known-good and forward again, %s SLA; %s"
        .formatted(service, environment, String.join("+", strategies), severity, schedule.text());
  }
}
