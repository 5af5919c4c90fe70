package dev.rewind.workflows.drill;

/**
 * One leg of a run: back to known-good, or forward again. {@code status} is the rollback's final
 * status, {@code REFUSED} when the api did not start it, {@code SKIPPED} when the leg before it did
 * not succeed; {@code detail} says why in the api's or the ledger's words.
 */
public record DrillLeg(
    String rollbackId,
    String fromVersion,
    String toVersion,
    String status,
    Long seconds,
    String detail) {
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String REFUSED = "REFUSED";
  public static final String SKIPPED = "SKIPPED";
  public static final String RUNNING = "RUNNING";

  public boolean succeeded() {
    return SUCCEEDED.equals(status);
  }

  static DrillLeg notRun(String status, String detail) {
    return new DrillLeg(null, null, null, status, null, detail);
  }

  static DrillLeg running(StartedLeg started) {
    return new DrillLeg(
        started.rollbackId(), started.fromVersion(), started.toVersion(), RUNNING, null, null);
  }

  DrillLeg ended(LegEnd end) {
    return new DrillLeg(
        rollbackId, fromVersion, toVersion, end.status(), end.seconds(), end.outcome());
  }

  /** "v2 → v1 SUCCEEDED in 42 s", as the result's line says it. */
  String line() {
    String versions = fromVersion == null ? "" : fromVersion + " → " + toVersion + " ";
    String took = seconds == null ? "" : " in " + seconds + " s";
    return versions + status + took;
  }
}
