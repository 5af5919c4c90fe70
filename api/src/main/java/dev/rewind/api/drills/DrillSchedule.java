package dev.rewind.api.drills;

import dev.rewind.api.web.FieldProblem;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.util.List;

/**
 * When a drill runs: {@code every} (an interval such as {@code 90d}) or {@code cron} (five fields,
 * UTC), as the drill's Temporal Schedule spec.
 */
record DrillSchedule(String every, String cron) {
  static final String EVERY = "[1-9][0-9]{0,5}[mhd]";
  static final String EVERY_MESSAGE = "must be a number and m, h or d, like 90d, from 1m to 3660d";
  static final String CRON = "[0-9*/,-]{1,40}( [0-9*/,-]{1,40}){4}";
  static final String CRON_MESSAGE =
      "must be 5 fields (minute hour day-of-month month day-of-week) of digits, *, /, - and ','";
  static final Duration MAX_EVERY = Duration.ofDays(3660);

  /** The problems with the pair beyond each field's pattern: exactly one, within bounds. */
  static List<FieldProblem> problems(String every, String cron) {
    if ((every == null) == (cron == null)) {
      String message = "send either every or cron";
      return List.of(new FieldProblem("every", message), new FieldProblem("cron", message));
    }
    if (every != null && interval(every).compareTo(MAX_EVERY) > 0) {
      return List.of(new FieldProblem("every", EVERY_MESSAGE));
    }
    return List.of();
  }

  static Duration interval(String every) {
    long n = Long.parseLong(every.substring(0, every.length() - 1));
    return switch (every.charAt(every.length() - 1)) {
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  ScheduleSpec spec() {
    ScheduleSpec.Builder spec = ScheduleSpec.newBuilder();
    return every != null
        ? spec.setIntervals(List.of(new ScheduleIntervalSpec(interval(every)))).build()
        : spec.setCronExpressions(List.of(cron)).build();
  }

  /** "every 90d" or "cron 0 3 1 * * (UTC)". */
  String text() {
    return every != null ? "every " + every : "cron " + cron + " (UTC)";
  }
}
