package dev.rewind.api.reports;

import dev.rewind.api.ledger.LedgerEntry;
import dev.rewind.workflows.SlaClock;
import dev.rewind.workflows.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The report's SLA and notifications: the severity and its SLA from the plan, counted from the
 * detection, with the deadline and how long the rollback took, met or missed (the workflow's "SLA
 * breached" step), and every delivery of an event to a target (the "notify ..." steps) with its
 * time and outcome. Target names only: their URLs never reach a step.
 */
final class NoticesReport {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  static final String NOTIFY = "notify ";

  private NoticesReport() {}

  static String render(LedgerEntry r, List<StepRecord> steps) {
    StringBuilder md = new StringBuilder();
    int sla = r.plan() == null ? 0 : r.plan().escalation().slaMinutes();
    if (sla > 0) {
      boolean missed = steps.stream().anyMatch(s -> s.name().equals(SlaClock.BREACHED_STEP));
      Instant detected = MilestonesReport.detected(r);
      md.append("\n## SLA\n\n")
          .append(r.plan().escalation().severity())
          .append(": ")
          .append(sla)
          .append(sla == 1 ? " minute" : " minutes")
          .append(" from the detection — ")
          .append(missed ? "**missed**" : r.finishedAt() == null ? "running" : "met")
          .append(".\n\nDetected ")
          .append(TIME.format(detected))
          .append(", deadline ")
          .append(TIME.format(detected.plus(Duration.ofMinutes(sla))))
          .append(", ")
          .append(
              r.finishedAt() == null
                  ? "not ended yet"
                  : "ended "
                      + TIME.format(r.finishedAt())
                      + ": "
                      + took(Duration.between(detected, r.finishedAt()))
                      + " after the detection")
          .append(".\n");
    }
    List<StepRecord> notices = steps.stream().filter(s -> s.name().startsWith(NOTIFY)).toList();
    if (notices.isEmpty()) {
      return md.toString();
    }
    md.append("\n## Notifications\n\n| event | target | sent | outcome |\n|---|---|---|---|\n");
    for (StepRecord s : notices) {
      md.append("| ")
          .append(s.name().substring(NOTIFY.length()))
          .append(" | ")
          .append(s.target())
          .append(" | ")
          .append(TIME.format(Instant.ofEpochMilli(s.startedAt())))
          .append(" | ")
          .append(s.status())
          .append(s.detail() == null ? "" : " (" + s.detail().replace("|", "\\|") + ")")
          .append(" |\n");
    }
    return md.toString();
  }

  static String took(Duration d) {
    return d.toMinutes() > 0
        ? d.toMinutes() + " min " + d.toSecondsPart() + " s"
        : d.toSeconds() + " s";
  }
}
