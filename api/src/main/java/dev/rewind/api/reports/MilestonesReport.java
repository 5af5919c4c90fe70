package dev.rewind.api.reports;

import dev.rewind.api.ledger.LedgerEntry;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.SlaClock;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.StepStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Runbook 000's milestones with the times Rewind recorded — detected (the assessment's or the
 * request's time), rollback started (its first step), completed (the chain's last step before the
 * watch), verified (the last health check of the chain that passed), watch ended — and the
 * assessment that started the rollback, when one did. A milestone not reached shows a dash.
 */
final class MilestonesReport {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  static final String WATCH = "watch";
  static final String VERIFY = "verify health";

  private MilestonesReport() {}

  /** When the incident was detected: the plan's detection, else the request's time. */
  static Instant detected(LedgerEntry r) {
    return r.plan() == null
        ? r.requestedAt()
        : Instant.ofEpochMilli(r.plan().detectedAt(r.requestedAt().toEpochMilli()));
  }

  static String render(LedgerEntry r, RollbackState state) {
    List<StepRecord> own =
        state == null
            ? List.of()
            : state.steps().stream()
                .filter(s -> !s.name().startsWith(NoticesReport.NOTIFY))
                .filter(s -> !s.name().equals(SlaClock.BREACHED_STEP))
                .toList();
    // the chain is what ran before the first watch; a watch retried after an escalation runs again
    Optional<StepRecord> watch = own.stream().filter(s -> s.name().equals(WATCH)).findFirst();
    List<StepRecord> chain = watch.map(w -> own.subList(0, own.indexOf(w))).orElse(own);
    Optional<StepRecord> watchEnd =
        own.stream().filter(s -> s.name().equals(WATCH)).reduce((a, b) -> b);
    boolean chainDone = watch.isPresent() || status(r, state) == RollbackStatus.SUCCEEDED;
    RollbackPlan.Detection detection = r.plan() == null ? null : r.plan().detection();
    boolean assessed = detection != null && detection.assessment() != null;
    StringBuilder md = new StringBuilder("## Milestones\n\n| milestone | time |\n|---|---|\n");
    row(md, "Detected" + (assessed ? " (assessment)" : " (request)"), detected(r));
    row(md, "Rollback started", own.isEmpty() ? null : at(own.get(0).startedAt()));
    row(
        md,
        "Rollback completed",
        chainDone && !chain.isEmpty() ? end(chain.get(chain.size() - 1)) : null);
    row(
        md,
        "Verified",
        chainDone
            ? chain.stream()
                .filter(s -> s.name().equals(VERIFY) && s.status() == StepStatus.SUCCEEDED)
                .reduce((a, b) -> b)
                .map(MilestonesReport::end)
                .orElse(null)
            : null);
    row(md, "Watch ended", watchEnd.map(MilestonesReport::end).orElse(null));
    row(md, "Rollback ended " + status(r, state), r.finishedAt());
    md.append("\n## Assessment\n\n");
    if (!assessed) {
      return md.append("None: the rollback was requested directly.\n\n").toString();
    }
    RollbackPlan.Assessment a = detection.assessment();
    md.append("**Decision:** ")
        .append(a.decision())
        .append(" (severity ")
        .append(a.severity())
        .append(", assessed ")
        .append(TIME.format(detected(r)))
        .append(" UTC)  \n\n");
    a.reasons().forEach(reason -> md.append("- ").append(reason).append('\n'));
    return md.append('\n').toString();
  }

  private static RollbackStatus status(LedgerEntry r, RollbackState state) {
    return state == null ? r.status() : state.status();
  }

  private static void row(StringBuilder md, String milestone, Instant at) {
    md.append("| ")
        .append(milestone)
        .append(" | ")
        .append(at == null ? "—" : TIME.format(at) + " UTC")
        .append(" |\n");
  }

  private static Instant end(StepRecord s) {
    return s.endedAt() == null ? null : at(s.endedAt());
  }

  private static Instant at(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis);
  }
}
