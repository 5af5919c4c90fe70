package dev.rewind.api.assessments;

import java.time.Duration;

/**
 * Runbook 002's issue severities (Critical, High, Medium, Low) as incident priorities, with runbook
 * 001's SLAs: P0 rolled back within 15 minutes, P1 within 30, P2 fixed forward or rolled back
 * within 2 hours; P3 waits for the next release (no deadline). Where runbook 002's timeline is
 * looser (High: 1-2 hours, Medium: 4-8 hours) the stricter SLA wins.
 */
public enum Severity {
  P0(Duration.ofMinutes(15), "immediate (< 15 min)"),
  P1(Duration.ofMinutes(30), "within 30 minutes"),
  P2(Duration.ofHours(2), "within 2 hours"),
  P3(null, "next release");

  private final Duration sla;
  private final String timeline;

  Severity(Duration sla, String timeline) {
    this.sla = sla;
    this.timeline = timeline;
  }

  /** How long until the deadline; null: none (the next release). */
  public Duration sla() {
    return sla;
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
