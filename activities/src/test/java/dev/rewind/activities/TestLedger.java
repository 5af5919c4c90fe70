package dev.rewind.activities;

import dev.rewind.workflows.Approval;
import dev.rewind.workflows.LedgerActivities;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The api's ledger as these tests need it: it keeps the approvals and operator actions a test
 * records (the workflow believes only what the ledger holds) and accepts every report.
 */
public final class TestLedger implements LedgerActivities {
  private final List<Approval> approvals = new CopyOnWriteArrayList<>();
  private final Map<Long, OperatorAction> actions = new ConcurrentHashMap<>();
  private final AtomicLong nextAction = new AtomicLong(1);

  /** Records an approval, as the api does before it signals the workflow. */
  public Approval approve(String kind, String identity) {
    Approval approval = new Approval(kind, identity, null);
    approvals.add(approval);
    return approval;
  }

  /** Records an operator action, as the api does before it signals the workflow. */
  public OperatorAction act(String kind, String identity, String text) {
    OperatorAction action = new OperatorAction(nextAction.getAndIncrement(), kind, identity, text);
    actions.put(action.actionId(), action);
    return action;
  }

  @Override
  public void recordStatus(String rollbackId, int sequence, RollbackState state) {}

  @Override
  public void recordRolledBack(String rollbackId, RollbackPlan plan) {}

  @Override
  public void recordOutcome(String rollbackId, RollbackPlan plan, RollbackState state) {}

  @Override
  public List<Approval> approvals(String rollbackId) {
    return List.copyOf(approvals);
  }

  @Override
  public OperatorAction action(String rollbackId, long actionId) {
    return actions.get(actionId);
  }
}
