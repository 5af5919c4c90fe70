package dev.rewind.api.reports;

import dev.rewind.api.ledger.Action;
import dev.rewind.api.ledger.Approval;
import dev.rewind.api.ledger.LedgerEntry;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.StepStatus;
import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.database.SnapshotManifest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Runbook 000's "Rollback Incident Report" template, filled from what Rewind recorded: who asked
 * and why, the chain, approvals, operator actions, every step with its times and outcome, and the
 * watch after the chain with its evidence. What only people know (impact, root cause, lessons) is
 * left for them, marked as such. Times are UTC.
 */
final class IncidentReport {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String FILL_IN = "_(to be filled in by the incident owner)_";

  private final StringBuilder md = new StringBuilder();

  static String render(
      LedgerEntry r,
      RollbackState state,
      List<Approval> approvals,
      List<Action> actions,
      String temporalUi) {
    return new IncidentReport().write(r, state, approvals, actions, temporalUi).md.toString();
  }

  private IncidentReport write(
      LedgerEntry r,
      RollbackState state,
      List<Approval> approvals,
      List<Action> actions,
      String ui) {
    List<StepRecord> steps = state == null ? List.of() : state.steps();
    boolean p0 = steps.stream().anyMatch(s -> s.name().equals("declare P0 incident"));
    line("# Rollback Incident Report").line();
    line("## Incident Details").line();
    field("Date", DATE.format(r.requestedAt()) + " UTC");
    field("Duration", duration(r));
    field("Severity", severity(r, p0));
    field("Affected Users", FILL_IN);
    field("Rollback", "`" + r.id() + "` ([Temporal UI](" + ui + "))");
    field("Service", r.service() + " (" + r.environment() + ")");
    field(
        r.strategies().size() > 1 ? "Strategies" : "Strategy", String.join(" → ", r.strategies()));
    field(
        "Versions",
        (r.fromVersion() == null ? "current" : r.fromVersion()) + " → " + r.toVersion());
    field("Status", String.valueOf(state == null ? r.status() : state.status()));
    field("Attempts", state == null ? "none recorded" : String.valueOf(state.attempt()));
    field(
        "Outcome",
        orDash(state != null && state.outcome() != null ? state.outcome() : r.outcome()));
    line();
    line("## What Happened").line().line(r.reason()).line();
    line("## Why Rollback Was Necessary").line();
    line("Requested by **" + r.requestedBy() + "**: " + r.reason()).line();
    md.append(MilestonesReport.render(r, state));
    timeline(r, steps, approvals, actions);
    line("## Steps").line();
    line("| # | attempt | step | target | started | ended | outcome | detail |");
    line("|---|---|---|---|---|---|---|---|");
    for (int i = 0; i < steps.size(); i++) {
      StepRecord s = steps.get(i);
      line(
          "| "
              + (i + 1)
              + " | "
              + s.attempt()
              + " | "
              + cell(s.name())
              + " | "
              + cell(s.target())
              + " | "
              + TIME.format(Instant.ofEpochMilli(s.startedAt()))
              + " | "
              + (s.endedAt() == null ? "—" : TIME.format(Instant.ofEpochMilli(s.endedAt())))
              + " | "
              + s.status()
              + " | "
              + cell(orDash(s.detail()))
              + " |");
    }
    line().line("## Approvals").line();
    if (approvals.isEmpty()) {
      line("None recorded.");
    }
    approvals.forEach(
        a ->
            line(
                "- "
                    + a.kind()
                    + ": **"
                    + a.approvedBy()
                    + "** at "
                    + DATE.format(a.approvedAt())
                    + " UTC"
                    + (a.comment() == null ? "" : " — " + a.comment())));
    line().line("## Snapshots").line();
    snapshots(state, steps);
    md.append(WatchReport.render(r, state));
    md.append(NoticesReport.render(r, steps));
    line().line("## Impact Assessment").line().line(FILL_IN).line();
    line("## Root Cause").line().line(FILL_IN).line();
    line("## Lessons Learned").line().line(FILL_IN).line();
    line("## Action Items").line();
    for (String item :
        List.of(
            "Fix root cause issue",
            "Add regression tests",
            "Update deployment process",
            "Improve monitoring",
            "Schedule re-deployment")) {
      line("- [ ] " + item);
    }
    line().line("## Sign-off").line();
    field("Prepared by", "Rewind (generated from the rollback ledger and its Temporal workflow)");
    field("Reviewed by", FILL_IN);
    field(
        "Approved by",
        approvals.isEmpty()
            ? FILL_IN
            : String.join(
                ", ",
                approvals.stream().map(a -> a.approvedBy() + " (" + a.kind() + ")").toList()));
    field("Date", r.finishedAt() == null ? "—" : DATE.format(r.finishedAt()).substring(0, 10));
    return this;
  }

  /** The plan's severity (the request's or its assessment's), and whether a P0 was declared. */
  private static String severity(LedgerEntry r, boolean p0) {
    String severity = r.plan() == null ? null : r.plan().escalation().severity();
    String declared = p0 ? " (P0 declared: the rollback escalated)" : "";
    return severity == null ? (p0 ? "P0" + declared : "not given") : severity + declared;
  }

  /** Containers' specs, database dumps and configuration files Rewind kept before changing them. */
  private void snapshots(RollbackState state, List<StepRecord> steps) {
    List<ContainerSnapshot> containers = state == null ? List.of() : state.snapshots();
    List<SnapshotManifest> databases = state == null ? List.of() : state.databaseSnapshots();
    List<StepRecord> configs =
        steps.stream()
            .filter(s -> s.name().equals("snapshot config files"))
            .filter(s -> s.status() == StepStatus.SUCCEEDED && s.detail() != null)
            .toList();
    if (containers.isEmpty() && databases.isEmpty() && configs.isEmpty()) {
      line("None recorded.");
    }
    containers.forEach(
        s -> line("- container " + s.name() + " `" + shortId(s.id()) + "` running " + s.image()));
    databases.forEach(
        s ->
            line(
                "- database "
                    + s.database()
                    + " at "
                    + TIME.format(s.takenAt())
                    + ": "
                    + cell(s.describe())));
    configs.forEach(s -> line("- config files (" + s.target() + "): " + cell(s.detail())));
  }

  private void timeline(
      LedgerEntry r, List<StepRecord> steps, List<Approval> approvals, List<Action> actions) {
    line("## Rollback Timeline").line();
    line("- " + TIME.format(r.requestedAt()) + " - Rollback requested by " + r.requestedBy());
    approvals.forEach(
        a ->
            line(
                "- "
                    + TIME.format(a.approvedAt())
                    + " - Approved ("
                    + a.kind()
                    + ") by "
                    + a.approvedBy()));
    actions.stream()
        .filter(a -> !a.action().equals("requested") && !a.action().startsWith("approved"))
        .forEach(
            a ->
                line(
                    "- "
                        + TIME.format(a.at())
                        + " - Operator "
                        + a.identity()
                        + ": "
                        + a.action()
                        + (a.detail() == null ? "" : " (" + a.detail() + ")")));
    for (StepRecord s : steps) {
      line(
          "- "
              + TIME.format(Instant.ofEpochMilli(s.startedAt()))
              + " - "
              + s.name()
              + " "
              + s.target()
              + " (attempt "
              + s.attempt()
              + "): "
              + s.status());
    }
    if (r.finishedAt() != null) {
      line("- " + TIME.format(r.finishedAt()) + " - Rollback ended " + r.status());
    }
    line();
  }

  private static String duration(LedgerEntry r) {
    if (r.finishedAt() == null) {
      return "ongoing";
    }
    Duration d = Duration.between(r.requestedAt(), r.finishedAt());
    return d.toMinutes() > 0
        ? d.toMinutes() + " min " + d.toSecondsPart() + " s"
        : d.toSeconds() + " s";
  }

  static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  private static String orDash(String text) {
    return text == null ? "—" : text;
  }

  private static String shortId(String id) {
    return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
  }

  private void field(String name, String value) {
    line("**" + name + ":** " + value + "  ");
  }

  private IncidentReport line(String text) {
    md.append(text).append('\n');
    return this;
  }

  private IncidentReport line() {
    return line("");
  }
}
