package dev.rewind.workflows;

import dev.rewind.workflows.core.Notifier;
import dev.rewind.workflows.core.StepJournal;
import io.temporal.workflow.Workflow;

/**
 * The events a rollback's status changes announce: approval requested (with the approvals link),
 * started (the first attempt runs; with approvals to wait for, once they are granted), escalated,
 * succeeded, failed, aborted, and the watch's alert. A rollback whose history began before
 * notifications existed announces nothing, and one whose history began before {@code started}
 * waited for the approvals announces it as the first attempt begins, so both replay as they ran.
 */
final class StatusNotices {
  static final String CHANGE_ID = "notifications";

  private final Notifier notifier;
  private final String rollbackId;
  // true until the approvals were asked for, when the rollback must wait for them to start
  private boolean approvalsFirst;
  private boolean started;

  private StatusNotices(Notifier notifier, String rollbackId, boolean approvalsFirst) {
    this.notifier = notifier;
    this.rollbackId = rollbackId;
    this.approvalsFirst = approvalsFirst;
  }

  static StatusNotices of(RollbackPlan plan, String rollbackId, StepJournal journal) {
    int version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 2);
    return new StatusNotices(
        version == Workflow.DEFAULT_VERSION ? null : new Notifier(plan, rollbackId, journal),
        rollbackId,
        version >= 2 && !plan.approvals().required().isEmpty());
  }

  void changed(RollbackStatus next, String detail) {
    switch (next) {
      case AWAITING_APPROVAL -> {
        approvalsFirst = false;
        send(
            "approval-requested",
            next,
            "approvals are required before the first destructive step",
            "/api/v1/rollbacks/" + rollbackId + "/approvals");
      }
      case RUNNING -> {
        if (!started && !approvalsFirst) {
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
