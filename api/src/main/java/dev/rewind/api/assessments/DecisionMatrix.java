package dev.rewind.api.assessments;

import java.util.ArrayList;
import java.util.List;

/**
 * Roll back, fix forward or monitor, by the runbooks' rules. The severity is the worst of: runbook
 * 002's matrix by users affected (&gt; 80 % P0, 50-80 % P1, 10-50 % P2, &lt; 10 % P3) and by data
 * risk (HIGH P0, MEDIUM P1, LOW P2, NONE P3); a security issue or data corruption (P0, runbooks
 * 001, 002, 004); an error rate above 5 % (runbook 001) or a performance degradation above 50 %
 * (runbooks 002, 004), each at least P1. Then the decision: a security issue or data corruption is
 * rolled back whatever else holds (runbook 002, "roll back immediately"); a P0/P1 follows runbook
 * 001's tree (fixable in under 10 minutes → fix forward, else roll back, an unknown fix time
 * included); a P2/P3 is fixed forward, or monitored while a signal sits between the fix-forward and
 * the roll-back thresholds: a degradation of 30-50 % (runbook 002 fixes forward below 30 %) or an
 * error rate of 1-5 % (runbook 001's healthy service is below 1 %).
 */
public final class DecisionMatrix {
  static final double CRITICAL_USERS = 80;
  static final double HIGH_USERS = 50;
  static final double MEDIUM_USERS = 10;
  static final double ROLLBACK_ERROR_RATE = 5;
  static final double HEALTHY_ERROR_RATE = 1;
  static final double ROLLBACK_DEGRADATION = 50;
  static final double FIX_FORWARD_DEGRADATION = 30;
  static final int QUICK_FIX_MINUTES = 10;

  private DecisionMatrix() {}

  public static Verdict decide(Symptoms s) {
    List<String> reasons = new ArrayList<>();
    Severity severity = byUsers(s.usersAffectedPercent(), reasons).atLeast(byDataRisk(s, reasons));
    if (s.securityIssue()) {
      severity = Severity.P0;
      reasons.add("security vulnerability introduced: P0, roll back (runbooks 001, 002, 004)");
    }
    if (s.dataCorruption()) {
      severity = Severity.P0;
      reasons.add("data corruption or loss detected: P0, roll back (runbooks 002, 004)");
    }
    if (s.errorRatePercent() != null && s.errorRatePercent() > ROLLBACK_ERROR_RATE) {
      severity = severity.atLeast(Severity.P1);
      reasons.add(
          "error rate "
              + percent(s.errorRatePercent())
              + " > 5 %: a rollback trigger, at least P1 (runbook 001)");
    }
    if (s.performanceDegradationPercent() != null
        && s.performanceDegradationPercent() > ROLLBACK_DEGRADATION) {
      severity = severity.atLeast(Severity.P1);
      reasons.add(
          "performance degradation "
              + percent(s.performanceDegradationPercent())
              + " > 50 %: a rollback trigger, at least P1 (runbooks 002, 004)");
    }
    return new Verdict(decision(s, severity, reasons), severity, List.copyOf(reasons));
  }

  private static Decision decision(Symptoms s, Severity severity, List<String> reasons) {
    if (s.securityIssue() || s.dataCorruption()) {
      return Decision.ROLLBACK;
    }
    if (severity.urgent()) {
      Integer fix = s.fixForwardMinutes();
      if (fix != null && fix < QUICK_FIX_MINUTES) {
        reasons.add(
            severity
                + " and fixable in "
                + fix
                + " min (< 10): fix forward (runbook 001's decision tree)");
        return Decision.FIX_FORWARD;
      }
      reasons.add(
          severity
              + (fix == null
                  ? " and no fix-forward time given: roll back (runbook 001's decision tree)"
                  : " and not fixable in under 10 min ("
                      + fix
                      + " min): roll back (runbook 001's decision tree)"));
      return Decision.ROLLBACK;
    }
    List<String> watch = new ArrayList<>();
    if (s.performanceDegradationPercent() != null
        && s.performanceDegradationPercent() >= FIX_FORWARD_DEGRADATION) {
      watch.add(
          "performance degradation "
              + percent(s.performanceDegradationPercent())
              + " is 30-50 %: above runbook 002's fix-forward range, below the 50 % rollback"
              + " trigger");
    }
    if (s.errorRatePercent() != null && s.errorRatePercent() > HEALTHY_ERROR_RATE) {
      watch.add(
          "error rate "
              + percent(s.errorRatePercent())
              + " is 1-5 %: above runbook 001's healthy < 1 %, below the 5 % rollback trigger");
    }
    if (!watch.isEmpty()) {
      reasons.addAll(watch);
      reasons.add(severity + ": monitor, assess again if a trigger is crossed");
      return Decision.MONITOR;
    }
    reasons.add(severity + ": fix forward (runbook 002's matrix, runbook 001's decision tree)");
    return Decision.FIX_FORWARD;
  }

  private static Severity byUsers(double percent, List<String> reasons) {
    Severity severity;
    String row;
    if (percent > CRITICAL_USERS) {
      severity = Severity.P0;
      row = "> 80 % (Critical)";
    } else if (percent >= HIGH_USERS) {
      severity = Severity.P1;
      row = "50-80 % (High)";
    } else if (percent >= MEDIUM_USERS) {
      severity = Severity.P2;
      row = "10-50 % (Medium)";
    } else {
      severity = Severity.P3;
      row = "< 10 % (Low)";
    }
    reasons.add(
        "users affected " + percent(percent) + ": " + row + " → " + severity + " (runbook 002)");
    return severity;
  }

  private static Severity byDataRisk(Symptoms s, List<String> reasons) {
    Severity severity =
        switch (s.dataRisk()) {
          case HIGH -> Severity.P0;
          case MEDIUM -> Severity.P1;
          case LOW -> Severity.P2;
          case NONE -> Severity.P3;
        };
    reasons.add("data risk " + s.dataRisk() + " → " + severity + " (runbook 002)");
    return severity;
  }

  private static String percent(double value) {
    return (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value))
        + " %";
  }
}
