package dev.rewind.api.assessments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.catalog.ServiceEnvironment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decision matrix against the runbooks' texts: every row of runbook 002's matrix (and its
 * boundaries), every branch of runbook 001's decision tree and "ROLLBACK if" list, runbook 004's
 * "roll back immediately if" list, and the grey zones where the answer is to monitor.
 */
class DecisionMatrixTest {

  private static Verdict decide(
      double users,
      DataRisk risk,
      Double errorRate,
      Double degradation,
      Integer fixMinutes,
      boolean security,
      boolean corruption) {
    return DecisionMatrix.decide(
        new Symptoms(users, risk, errorRate, degradation, fixMinutes, security, corruption));
  }

  private static Verdict decide(double users, DataRisk risk) {
    return decide(users, risk, null, null, null, false, false);
  }

  @Nested
  class Runbook002Matrix {
    @ParameterizedTest(name = "{0}: {1} % users, data risk {2} → {3} {4}")
    @CsvSource({
      "Critical, 90, HIGH,   ROLLBACK,    P0",
      "High,     65, MEDIUM, ROLLBACK,    P1",
      "Medium,   30, LOW,    FIX_FORWARD, P2",
      "Low,       5, NONE,   FIX_FORWARD, P3",
    })
    void eachRowDecidesAsTheRunbookSays(
        String row, double users, DataRisk risk, Decision decision, Severity severity) {
      Verdict verdict = decide(users, risk);

      assertThat(verdict.decision()).as(row).isEqualTo(decision);
      assertThat(verdict.severity()).as(row).isEqualTo(severity);
      assertThat(verdict.reasons()).anyMatch(r -> r.contains("runbook 002"));
    }

    @ParameterizedTest(name = "{0} % of users → {1}")
    @CsvSource({
      "100,  P0",
      "80.1, P0",
      "80,   P1",
      "50,   P1",
      "49.9, P2",
      "10,   P2",
      "9.9,  P3",
      "0,    P3",
    })
    void usersAffectedBoundaries(double users, Severity severity) {
      assertThat(decide(users, DataRisk.NONE).severity()).isEqualTo(severity);
    }

    @ParameterizedTest(name = "data risk {0} → {1}")
    @CsvSource({"HIGH, P0", "MEDIUM, P1", "LOW, P2", "NONE, P3"})
    void dataRiskAloneSetsTheSeverity(DataRisk risk, Severity severity) {
      assertThat(decide(0, risk).severity()).isEqualTo(severity);
    }

    @Test
    void theWorseColumnWins() {
      assertThat(decide(5, DataRisk.HIGH).severity()).isEqualTo(Severity.P0);
      assertThat(decide(95, DataRisk.NONE).severity()).isEqualTo(Severity.P0);
      assertThat(decide(30, DataRisk.MEDIUM).severity()).isEqualTo(Severity.P1);
    }

    @Test
    void criticalIsRolledBackWithin15MinutesAndHighWithin30() {
      ServiceEnvironment.Sla runbook = ServiceEnvironment.Sla.DEFAULTS;
      assertThat(runbook.of(Severity.P0.name())).hasMinutes(15);
      assertThat(runbook.of(Severity.P1.name())).hasMinutes(30);
      assertThat(runbook.of(Severity.P2.name())).hasHours(2);
      assertThat(runbook.of(Severity.P3.name())).isNull();
      assertThat(Severity.P3.timeline()).isEqualTo("next release");
    }
  }

  @Nested
  class Runbook001DecisionTree {
    @Test
    void urgentAndFixableInUnderTenMinutesIsFixedForward() {
      Verdict verdict = decide(90, DataRisk.HIGH, null, null, 9, false, false);

      assertThat(verdict.decision()).isEqualTo(Decision.FIX_FORWARD);
      assertThat(verdict.severity()).isEqualTo(Severity.P0);
      assertThat(verdict.reasons()).anyMatch(r -> r.contains("fixable in 9 min"));
    }

    @Test
    void urgentAndNotFixableInUnderTenMinutesIsRolledBack() {
      Verdict verdict = decide(60, DataRisk.NONE, null, null, 10, false, false);

      assertThat(verdict.decision()).isEqualTo(Decision.ROLLBACK);
      assertThat(verdict.severity()).isEqualTo(Severity.P1);
      assertThat(verdict.reasons()).anyMatch(r -> r.contains("not fixable in under 10 min"));
    }

    @Test
    void urgentWithoutAFixTimeIsRolledBack() {
      Verdict verdict = decide(60, DataRisk.MEDIUM);

      assertThat(verdict.decision()).isEqualTo(Decision.ROLLBACK);
      assertThat(verdict.reasons()).anyMatch(r -> r.contains("no fix-forward time"));
    }

    @Test
    void notUrgentIsFixedForwardEvenWhenAFixTakesLong() {
      Verdict verdict = decide(20, DataRisk.LOW, null, null, 600, false, false);

      assertThat(verdict.decision()).isEqualTo(Decision.FIX_FORWARD);
      assertThat(verdict.severity()).isEqualTo(Severity.P2);
    }

    @Test
    void anErrorRateAbove5PercentIsARollbackTrigger() {
      Verdict verdict = decide(2, DataRisk.NONE, 5.1, null, null, false, false);

      assertThat(verdict.decision()).isEqualTo(Decision.ROLLBACK);
      assertThat(verdict.severity()).isEqualTo(Severity.P1);
      assertThat(verdict.reasons()).anyMatch(r -> r.contains("error rate 5.1 % > 5 %"));
    }

    @Test
    void anErrorRateTriggerStillFollowsTheTreeWhenAQuickFixExists() {
      Verdict verdict = decide(2, DataRisk.NONE, 12.0, null, 5, false, false);

      assertThat(verdict.decision()).isEqualTo(Decision.FIX_FORWARD);
      assertThat(verdict.severity()).isEqualTo(Severity.P1);
    }

    @Test
    void aSecurityVulnerabilityIsRolledBackEvenWithAQuickFix() {
      Verdict verdict = decide(0, DataRisk.NONE, null, null, 1, true, false);

      assertThat(verdict.decision()).isEqualTo(Decision.ROLLBACK);
      assertThat(verdict.severity()).isEqualTo(Severity.P0);
      assertThat(verdict.reasons()).anyMatch(r -> r.startsWith("security vulnerability"));
    }
  }

  @Nested
  class Runbook004RollbackTriggers {
    @Test
    void performanceDegradationAbove50PercentIsRolledBack() {
      Verdict verdict = decide(5, DataRisk.NONE, null, 51.0, null, false, false);

      assertThat(verdict.decision()).isEqualTo(Decision.ROLLBACK);
      assertThat(verdict.severity()).isEqualTo(Severity.P1);
      assertThat(verdict.reasons()).anyMatch(r -> r.contains("> 50 %"));
    }

    @Test
    void dataCorruptionIsRolledBackAtOnceWhateverElseHolds() {
      Verdict verdict = decide(0, DataRisk.NONE, 0.0, 0.0, 1, false, true);

      assertThat(verdict.decision()).isEqualTo(Decision.ROLLBACK);
      assertThat(verdict.severity()).isEqualTo(Severity.P0);
      assertThat(verdict.reasons()).anyMatch(r -> r.startsWith("data corruption"));
    }

    @Test
    void securityVulnerabilityIsRolledBack() {
      assertThat(decide(10, DataRisk.LOW, null, null, null, true, false).decision())
          .isEqualTo(Decision.ROLLBACK);
    }
  }

  @Nested
  class GreyZonesAreMonitored {
    @ParameterizedTest(name = "degradation {0} % → {1}")
    @CsvSource({
      "29.9, FIX_FORWARD",
      "30,   MONITOR",
      "50,   MONITOR",
      "50.1, ROLLBACK",
    })
    void performanceDegradation(double degradation, Decision decision) {
      assertThat(decide(5, DataRisk.NONE, null, degradation, null, false, false).decision())
          .isEqualTo(decision);
    }

    @ParameterizedTest(name = "error rate {0} % → {1}")
    @CsvSource({
      "0.5, FIX_FORWARD",
      "1,   FIX_FORWARD",
      "1.1, MONITOR",
      "5,   MONITOR",
      "5.1, ROLLBACK",
    })
    void errorRate(double errorRate, Decision decision) {
      assertThat(decide(5, DataRisk.NONE, errorRate, null, null, false, false).decision())
          .isEqualTo(decision);
    }

    @Test
    void aMonitoredIssueKeepsItsMatrixSeverity() {
      Verdict verdict = decide(30, DataRisk.LOW, 3.0, null, null, false, false);

      assertThat(verdict.decision()).isEqualTo(Decision.MONITOR);
      assertThat(verdict.severity()).isEqualTo(Severity.P2);
      assertThat(verdict.reasons()).anyMatch(r -> r.contains("assess again"));
    }
  }
}
