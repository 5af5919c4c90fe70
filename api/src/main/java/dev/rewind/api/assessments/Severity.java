package dev.rewind.api.assessments;

/**
 * Runbook 002's issue severities (Critical, High, Medium, Low) as incident priorities, with runbook
 * 001's SLAs: P0 rolled back within 15 minutes, P1 within 30, P2 fixed forward or rolled back
 * within 2 hours; P3 waits for the next release (no deadline). Where runbook 002's timeline is
 * looser (High: 1-2 hours, Medium: 4-8 hours) the stricter SLA wins. The SLA itself is the
 * environment's ({@code sla} in the catalog; these figures by default).
 */
public enum Severity {
  P0("immediate (< 15 min)"),
  P1("within 30 minutes"),
  P2("within 2 hours"),
  P3("next release");

  private final String timeline;

  Severity(String timeline) {
    this.timeline = timeline;
  }

  public String timeline() {
    return timeline;
  }

  /** P0 and P1: the incidents runbook 001's decision tree rolls back unless fixed in < 10 min. */
  public boolean urgent() {
    return this == P0 || this == P1;
  }

  /** The worse of the two. */
  Severity atLeast(Severity other) {
    return other.ordinal() < ordinal() ? other : this;
  }
}
