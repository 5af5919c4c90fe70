package dev.rewind.workflows.drill;

/**
 * One run of a drill, as the api records it and {@code GET /api/v1/drills} lists it: both legs, the
 * time rolling back took against the SLA of the drill's severity ({@code slaMet} null while running
 * or when the service was not rolled back), and the outcome: RUNNING, PASSED (back and forward
 * succeeded) or FAILED.
 */
public record DrillRun(
    String drillId,
    String runId,
    long startedAtMillis,
    Long finishedAtMillis,
    DrillLeg back,
    DrillLeg forward,
    int slaMinutes,
    Boolean slaMet,
    String outcome) {
  public static final String RUNNING = "RUNNING";
  public static final String PASSED = "PASSED";
  public static final String FAILED = "FAILED";

  /** The result's one line, for the notification and the workflow's result. */
  public String summary() {
    String sla =
        slaMet == null
            ? ""
            : "; rolled back "
                + (slaMet ? "within" : "OUTSIDE")
                + " the "
                + slaMinutes
                + " min SLA";
    return "drill %s %s: back %s, forward %s%s"
        .formatted(drillId, outcome, back.line(), forward == null ? "-" : forward.line(), sla);
  }
}
