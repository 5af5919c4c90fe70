package dev.rewind.api.reports;

import dev.rewind.api.ledger.LedgerEntry;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.WatchState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The incident report's "Watch" section, runbook 000 step 10 ("Monitor System"): how long the
 * service was watched once the chain succeeded, the checks and failures, and the failed checks as
 * evidence. Empty for a rollback without a watch.
 */
final class WatchReport {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private WatchReport() {}

  static String render(LedgerEntry r, RollbackState state) {
    int minutes = r.plan() == null ? 0 : r.plan().watch().minutes();
    WatchState w = state == null ? null : state.watch();
    if (minutes == 0 && w == null) {
      return "";
    }
    StringBuilder md = new StringBuilder("\n## Watch\n\n");
    if (w == null) {
      return md.append(minutes)
          .append(" minutes of health checks once the chain succeeded; not started.\n")
          .toString();
    }
    md.append(minutes)
        .append(" minutes of health checks from ")
        .append(time(w.startedAt()))
        .append(" to ")
        .append(time(w.endsAt()))
        .append(": ")
        .append(w.checks())
        .append(" checks, ")
        .append(w.failures())
        .append(" failed (")
        .append(w.consecutiveFailures())
        .append(" in a row at the end).\n");
    if (w.evidence() != null && !w.evidence().isEmpty()) {
      md.append("\n| time | check |\n|---|---|\n");
      w.evidence()
          .forEach(
              p ->
                  md.append("| ")
                      .append(time(p.at()))
                      .append(" | ")
                      .append(IncidentReport.cell(p.describe()))
                      .append(" |\n"));
    }
    return md.toString();
  }

  private static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }
}
