package dev.rewind.api.ledger;

import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.SlaClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * What SREs watch, fed by the ledger as rollbacks report: {@code rewind_rollbacks_finished_total}
 * by strategy and outcome, {@code rewind_rollback_duration_seconds} (histogram), {@code
 * rewind_rollbacks_active} (read from the ledger, so it is right after a restart) and {@code
 * rewind_rollbacks_escalations_total} and {@code rewind_rollbacks_sla_total}.
 */
@Component
public class RollbackMetrics {
  private final MeterRegistry registry;

  RollbackMetrics(MeterRegistry registry, RollbackLedger ledger) {
    this.registry = registry;
    Gauge.builder("rewind.rollbacks.active", ledger, RollbackLedger::countActive)
        .description("rollbacks not yet ended, per the ledger")
        .register(registry);
  }

  void ended(LedgerEntry rollback) {
    String outcome = rollback.status().name();
    Counter.builder("rewind.rollbacks.finished")
        .description("rollbacks that ended, by strategy and outcome")
        .tag("strategy", rollback.strategy())
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    // The row was just closed; should it be read back before its end time shows, now is as good.
    Instant end = rollback.finishedAt() != null ? rollback.finishedAt() : Instant.now();
    Duration took = Duration.between(rollback.requestedAt(), end);
    Timer.builder("rewind.rollback.duration")
        .description("from request to end")
        .tag("strategy", rollback.strategy())
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry)
        .record(took.isNegative() ? Duration.ZERO : took);
  }

  /**
   * {@code rewind_rollbacks_sla_total} by severity and result ({@code met}, {@code missed}): each
   * rollback that had an SLA (a severity P0..P2), counted when it ends.
   */
  void sla(LedgerEntry rollback, RollbackState state) {
    if (rollback.plan() == null || rollback.plan().escalation().slaMinutes() <= 0) {
      return;
    }
    Counter.builder("rewind.rollbacks.sla")
        .description("rollbacks with an SLA, by severity and whether they ended within it")
        .tag("severity", rollback.plan().escalation().severity())
        .tag("result", SlaClock.breached(state) ? "missed" : "met")
        .register(registry)
        .increment();
  }

  void escalated(String strategy) {
    Counter.builder("rewind.rollbacks.escalations")
        .description("rollbacks escalated to an operator (P0 incident)")
        .tag("strategy", strategy)
        .register(registry)
        .increment();
  }
}
