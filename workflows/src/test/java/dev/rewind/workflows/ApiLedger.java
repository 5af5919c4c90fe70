package dev.rewind.workflows;

import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The api's ledger as the workflow tests need it: a Mockito mock of {@link LedgerActivities}
 * (register {@link #activities} on {@link TaskQueues#LEDGER}) whose approvals and operator actions
 * are the ones a test recorded here for {@link Plans#ROLLBACK_ID}, the way the api records them
 * before it signals the workflow. Stubbed once, before any workflow runs, and read from thread-safe
 * stores, so a test may record while the workflow reads.
 */
final class ApiLedger {
  final LedgerActivities activities =
      mock(LedgerActivities.class, withSettings().withoutAnnotations());
  private final List<Approval> approvals = new CopyOnWriteArrayList<>();
  private final Map<Long, OperatorAction> actions = new ConcurrentHashMap<>();
  private final AtomicLong nextActionId = new AtomicLong(1);

  ApiLedger() {
    when(activities.approvals(Plans.ROLLBACK_ID)).thenAnswer(call -> List.copyOf(approvals));
    when(activities.action(eq(Plans.ROLLBACK_ID), anyLong()))
        .thenAnswer(call -> actions.get(call.<Long>getArgument(1)));
  }

  /** An approval the api recorded with the identity of the token that gave it. */
  Approval approve(String kind, String identity) {
    Approval approval = new Approval(kind, identity, null);
    approvals.add(approval);
    return approval;
  }

  /** An operator action the api recorded under a new id; signal it to the workflow. */
  OperatorAction act(String kind, String identity, String text) {
    OperatorAction action =
        new OperatorAction(nextActionId.getAndIncrement(), kind, identity, text);
    actions.put(action.actionId(), action);
    return action;
  }
}
