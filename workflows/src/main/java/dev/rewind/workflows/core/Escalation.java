package dev.rewind.workflows.core;

import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.core.OperatorActions.Decision;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * A P0 incident (runbook 001: "if rollback fails after 2 attempts") and the wait for an operator's
 * {@code retry}, {@code abort} or {@code resolve}. The escalation targets are re-notified while
 * nobody answers, on a bounded schedule — the interval doubles up to {@link #LONGEST_INTERVAL} and
 * at most {@link #NOTIFICATIONS} are sent — so a rollback left escalated for days does not grow its
 * history without bound.
 */
public final class Escalation {
  static final int NOTIFICATIONS = 8;
  static final Duration LONGEST_INTERVAL = Duration.ofHours(4);

  private final NotifyActivities notify =
      Workflow.newActivityStub(
          NotifyActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.CONTROL)
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setHeartbeatTimeout(Steps.HEARTBEAT)
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
              .setSummary("notify the escalation targets")
              .build());

  private final RollbackPlan plan;
  private final String rollbackId;
  private final StepJournal journal;
  private final OperatorActions actions;

  public Escalation(
      RollbackPlan plan, String rollbackId, StepJournal journal, OperatorActions actions) {
    this.plan = plan;
    this.rollbackId = rollbackId;
    this.journal = journal;
    this.actions = actions;
  }

  /** Declares the incident and returns the operator's decision (ABORT when cancelled). */
  public Decision await(String title, String lastFailure) {
    actions.clearDecision();
    Duration interval = Duration.ofMinutes(Math.max(1, plan.escalation().renotifyMinutes()));
    Target service = Target.of(plan, plan.topology().hosts().get(0));
    try {
      for (int sent = 1; actions.decision() == null; sent++) {
        if (sent <= NOTIFICATIONS) {
          declare(service, new Incident(rollbackId, title, journal.attempt(), lastFailure, sent));
        }
        if (sent < NOTIFICATIONS) {
          Workflow.await(interval, () -> actions.decision() != null);
          interval = interval.multipliedBy(2);
          interval = interval.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : interval;
        } else {
          Workflow.await(() -> actions.decision() != null);
        }
      }
    } catch (CanceledFailure e) {
      actions.abortWith("aborted: the workflow was cancelled while escalated");
    }
    return actions.decision();
  }

  private void declare(Target service, Incident incident) {
    try {
      journal.run(
          "declare P0 incident",
          "escalation targets (notification " + incident.notification() + ")",
          () -> notify.declareIncident(service, incident));
    } catch (TemporalFailure e) {
      if (StepJournal.isCanceled(e)) {
        throw e;
      }
      Workflow.getLogger(Escalation.class).error("could not notify: {}", e.getMessage());
    }
  }
}
