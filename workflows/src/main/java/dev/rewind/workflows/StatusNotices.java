package dev.rewind.workflows;

import dev.rewind.workflows.core.Notifier;
import dev.rewind.workflows.core.StepJournal;
import io.temporal.workflow.Workflow;

/**
 * The events a rollback's status changes announce: approval requested (with the approvals link),
 * started (the first attempt runs), escalated, succeeded, failed, aborted, and the watch's alert. A
 * rollback whose history began before notifications existed announces nothing, so it replays as it
 * ran.
 */
final class StatusNotices {
  static final String CHANGE_ID = "notifications";

  private final Notifier notifier;
  private final String rollbackId;
  private boolean started;

  private StatusNotices(Notifier notifier, String rollbackId) {
    this.notifier = notifier;
    this.rollbackId = rollbackId;
  }

  static StatusNotices of(RollbackPlan plan, String rollbackId, StepJournal journal) {
    int version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1);
    return new StatusNotices(
        version == Workflow.DEFAULT_VERSION ? null : new Notifier(plan, rollbackId, journal),
        rollbackId);
  }

  void changed(RollbackStatus next, String detail) {
    switch (next) {
      case AWAITING_APPROVAL ->
          send(
              "approval-requested",
              next,
              "approvals are required before the first destructive step",
              "/api/v1/rollbacks/" + rollbackId + "/approvals");
      case RUNNING -> {
        if (!started) {
          started = true;
          send("started", next, null, null);
        }
      }
      case ESCALATED -> send("escalated", next, detail, "/api/v1/rollbacks/" + rollbackId);
      case SUCCEEDED -> send("succeeded", next, detail, null);
      case FAILED -> send("failed", next, detail, null);
      case ABORTED -> send("aborted", next, detail, null);
      default -> {}
    }
  }

  void watchAlert(String evidence) {
    send("watch-alert", RollbackStatus.WATCHING, evidence, "/api/v1/rollbacks/" + rollbackId);
  }

  void slaBreached(String detail) {
    send("sla-breached", RollbackStatus.RUNNING, detail, "/api/v1/rollbacks/" + rollbackId);
  }

  /** Lets the last deliveries finish (bounded) before the rollback's workflow ends. */
  void flush() {
    if (notifier != null) {
      notifier.flush();
    }
  }

  private void send(String event, RollbackStatus status, String detail, String link) {
    if (notifier != null) {
      notifier.send(event, status.name(), detail, link);
    }
  }
}
