package dev.rewind.workflows;

import dev.rewind.workflows.core.ApprovalGate;
import dev.rewind.workflows.core.Chain;
import dev.rewind.workflows.core.ChainAttempt;
import dev.rewind.workflows.core.ChainAttempt.Ended;
import dev.rewind.workflows.core.ChainAttempt.Result;
import dev.rewind.workflows.core.Escalation;
import dev.rewind.workflows.core.HostSteps;
import dev.rewind.workflows.core.OperatorActions;
import dev.rewind.workflows.core.OperatorActions.Decision;
import dev.rewind.workflows.core.RollbackLedger;
import dev.rewind.workflows.core.ServiceWatch;
import dev.rewind.workflows.core.SnapshotsTaken;
import dev.rewind.workflows.core.StepJournal;
import dev.rewind.workflows.core.Steps;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Runs a rollback the way runbooks 000 and 001 say: the chain as one attempt, compensation when it
 * fails, a second attempt, then a P0 incident and an operator's decision; once the chain succeeded,
 * the registry records the version rolled back to and the service is watched. {@code abort} cancels
 * the running attempt and compensates in a detached scope, so the undo runs even though the attempt
 * was cancelled.
 */
public class RollbackWorkflowImpl implements RollbackWorkflow {
  static final int ATTEMPTS_BEFORE_ESCALATION = 2;

  private final StepJournal journal = new StepJournal();
  private final SnapshotsTaken taken = new SnapshotsTaken();
  private final String id = Workflow.getInfo().getWorkflowId();
  private final RollbackLedger ledger = new RollbackLedger(id);
  private final OperatorActions actions = new OperatorActions(ledger, journal, this::status);
  private final ApprovalGate approvals =
      new ApprovalGate(journal, ledger, this::setStatus, actions::abortWith);
  private RollbackStatus status = RollbackStatus.PLANNED;
  private String outcome;
  private String lastFailure;
  private RollbackPlan plan;
  private HostSteps hosts;
  private ServiceWatch watch;
  private StatusNotices notices;
  private final SlaClock sla = new SlaClock();

  @Override
  public RollbackState rollback(RollbackPlan plan) {
    this.plan = plan;
    PlanCheck.require(plan);
    this.notices = StatusNotices.of(plan, id, journal);
    sla.start(plan, journal, notices, () -> status.isFinal());
    Steps steps = new Steps(journal);
    this.hosts = new HostSteps(plan, steps);
    Chain chain = new Chain(plan, id, steps, hosts, taken, plan.touchesDatabase());
    ChainAttempt attempt = new ChainAttempt(chain, Strategies.of(chain), approvals);
    Escalation escalation = new Escalation(plan, id, journal, actions);
    actions.start();
    int failures = 0;
    while (true) {
      Ended ended =
          actions.abortRequested()
              ? new Ended(Result.ABORTED, null)
              : attempt.attempt(actions, this::setStatus);
      lastFailure = ended.failure() == null ? lastFailure : ended.failure();
      switch (ended.result()) {
        case SUCCEEDED:
          ledger.rolledBack(plan);
          return new WatchAfterChain(this, escalation).run();
        case ABORTED:
          return abort();
        case REFUSED:
          return finish(RollbackStatus.FAILED, "refused, nothing was changed: " + lastFailure);
        case FAILED:
          if (++failures < ATTEMPTS_BEFORE_ESCALATION) {
            continue;
          }
          break;
        case UNDO_FAILED:
          break;
      }
      setStatus(RollbackStatus.ESCALATED);
      Decision decision = escalation.await("ROLLBACK FAILED: " + plan.summary(), lastFailure);
      switch (decision) {
        case RETRY -> failures = ATTEMPTS_BEFORE_ESCALATION - 1;
        case ABORT -> {
          return abort();
        }
        case RESOLVE -> {
          return finish(RollbackStatus.SUCCEEDED, actions.outcome());
        }
      }
    }
  }

  /** Aborted: what ran was undone; maintenance, if this rollback turned it on, goes off. */
  private RollbackState abort() {
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                hosts.maintenanceOff("maintenance off after abort", Steps.UNDO);
              } catch (TemporalFailure e) {
                lastFailure = "maintenance off failed: " + StepJournal.describe(e);
              }
            })
        .run();
    return finish(
        RollbackStatus.ABORTED, actions.outcome() == null ? "aborted" : actions.outcome());
  }

  RollbackState finish(RollbackStatus end, String why) {
    outcome = why;
    setStatus(end);
    RollbackState last = state();
    ledger.ended(plan, last);
    // the ledger has the end at once; the result also lists the last notifications' deliveries
    notices.flush();
    return state();
  }

  void setStatus(RollbackStatus next) {
    if (next != status) {
      status = next;
      Workflow.upsertTypedSearchAttributes(RewindSearchAttributes.STATUS.valueSet(next.name()));
      if (!next.isFinal()) {
        ledger.statusChanged(state());
      }
      if (notices != null) {
        notices.changed(next, next.isFinal() ? outcome : lastFailure);
      }
    }
  }

  private RollbackStatus status() {
    return status;
  }

  RollbackPlan plan() {
    return plan;
  }

  HostSteps hosts() {
    return hosts;
  }

  StepJournal journal() {
    return journal;
  }

  OperatorActions actions() {
    return actions;
  }

  void watching(ServiceWatch watch) {
    this.watch = watch;
  }

  StatusNotices notices() {
    return notices;
  }

  void failed(String why) {
    lastFailure = why;
  }

  @Override
  public RollbackState state() {
    return new RollbackState(
        status,
        journal.attempt(),
        journal.current(),
        journal.steps(),
        List.copyOf(taken.containers),
        status.isFinal() ? outcome : lastFailure,
        List.copyOf(taken.databases),
        List.copyOf(taken.pruned),
        watch == null ? null : watch.state());
  }

  @Override
  public void approve(Approval approval) {
    approvals.wake();
  }

  @Override
  public void retry(OperatorAction action) {
    actions.signalled(action);
  }

  @Override
  public void abort(OperatorAction action) {
    actions.signalled(action);
  }

  @Override
  public void resolve(OperatorAction action) {
    actions.signalled(action);
  }
}
