package dev.rewind.workflows.core;

import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackStatus;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * Operators' {@code retry}, {@code abort} and {@code resolve}, taken only once the api's ledger
 * confirms them: a signal carries the id of the ledger's action row and only wakes this up; the
 * action is then read from the ledger and applied with the ledger's identity and text. A signal
 * whose action the ledger does not have (sent around the api) is noted in the timeline and ignored.
 */
public final class OperatorActions {
  public enum Decision {
    RETRY,
    ABORT,
    RESOLVE
  }

  private final Queue<OperatorAction> signalled = new ArrayDeque<>();
  private final RollbackLedger ledger;
  private final StepJournal journal;
  private final Supplier<RollbackStatus> status;
  private CancellationScope running;
  private boolean abortRequested;
  private Decision decision;
  private String outcome;

  public OperatorActions(RollbackLedger ledger, StepJournal journal, Supplier<RollbackStatus> s) {
    this.ledger = ledger;
    this.journal = journal;
    this.status = s;
  }

  /** Starts confirming signalled actions against the ledger, one at a time, in arrival order. */
  public void start() {
    Async.procedure(
        () -> {
          while (true) {
            Workflow.await(() -> !signalled.isEmpty());
            confirm(signalled.remove());
          }
        });
  }

  /** A signal arrived; it counts once the ledger confirms it. */
  public void signalled(OperatorAction action) {
    if (action != null && !status.get().isFinal()) {
      signalled.add(action);
    }
  }

  private void confirm(OperatorAction signal) {
    OperatorAction recorded = ledger.action(signal.actionId());
    if (recorded == null || !recorded.kind().equals(signal.kind())) {
      journal.note(
          "ignored " + signal.kind(),
          "action " + signal.actionId(),
          "the api's ledger has no such " + signal.kind() + ": not taken through the api");
      return;
    }
    if (status.get().isFinal()) {
      return;
    }
    switch (recorded.kind()) {
      case OperatorAction.ABORT -> abort(recorded);
      case OperatorAction.RETRY -> decide(Decision.RETRY, recorded, null);
      case OperatorAction.RESOLVE ->
          decide(
              Decision.RESOLVE,
              recorded,
              "resolved by hand by " + recorded.identity() + ": " + recorded.text());
      default -> journal.note("ignored " + recorded.kind(), recorded.identity(), "unknown action");
    }
  }

  private void abort(OperatorAction action) {
    outcome = "aborted by " + action.identity() + ": " + action.text();
    journal.note("abort requested", action.identity(), action.text());
    abortWith(outcome);
  }

  /** Ends the rollback ABORTED with {@code why} once the running work unwinds. */
  public void abortWith(String why) {
    outcome = outcome == null ? why : outcome;
    abortRequested = true;
    if (running != null) {
      running.cancel(outcome);
    }
  }

  private void decide(Decision kind, OperatorAction action, String why) {
    if (status.get() != RollbackStatus.ESCALATED || decision != null) {
      journal.note(
          "ignored " + action.kind(), action.identity(), "the rollback is " + status.get());
      return;
    }
    journal.note(action.kind() + " requested", action.identity(), action.text());
    if (why != null) {
      outcome = why;
    }
    decision = kind;
  }

  /** The scope an abort cancels (the running attempt), or null. */
  public void running(CancellationScope scope) {
    this.running = scope;
  }

  public boolean abortRequested() {
    return abortRequested;
  }

  /** Forgets an earlier decision, before waiting for a new one. */
  public void clearDecision() {
    decision = null;
  }

  /** The decision taken while escalated: an abort counts as one. */
  public Decision decision() {
    return abortRequested ? Decision.ABORT : decision;
  }

  public String outcome() {
    return outcome;
  }
}
