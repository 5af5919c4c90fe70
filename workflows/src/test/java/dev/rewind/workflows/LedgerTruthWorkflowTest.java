package dev.rewind.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Approvals and operator actions are true only in the api's ledger: signals sent around the api
 * (anyone who can reach Temporal can send them) change nothing; what the ledger holds counts, even
 * when its signal was lost.
 */
class LedgerTruthWorkflowTest {
  @RegisterExtension static final TestWorkflowExtension testWorkflow = Workers.extension();

  private Workers w;

  @BeforeEach
  void start(TestWorkflowEnvironment env, WorkflowClient client) {
    w = new Workers(env, client);
  }

  private static RollbackPlan needsApprovals() {
    return Plans.of(Plans.BACKUP_RESTORE).withDatabase().approvals("dba", "manager").plan();
  }

  @Test
  void approvalsSignalledAroundTheApiLeaveTheRollbackWaiting() {
    RollbackWorkflow rollback = w.start(needsApprovals());
    w.await(rollback, RollbackStatus.AWAITING_APPROVAL);

    rollback.approve(new Approval("dba", "mallory", null));
    rollback.approve(new Approval("manager", "mallory-too", null));
    w.env.sleep(Duration.ofMinutes(5));

    assertEquals(RollbackStatus.AWAITING_APPROVAL, rollback.state().status());
    verifyNoInteractions(w.commands);
    verify(w.database, never()).snapshotDatabase(any(), any(), any(), any());
  }

  @Test
  void approvalsRecordedInTheLedgerLetItProceed() {
    RollbackWorkflow rollback = w.start(needsApprovals());
    w.await(rollback, RollbackStatus.AWAITING_APPROVAL);

    when(w.ledger.approvals(Plans.ROLLBACK_ID))
        .thenReturn(
            List.of(new Approval("dba", "dana", null), new Approval("manager", "max", null)));
    rollback.approve(new Approval("manager", "max", null));
    RollbackState end = w.result();

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertTrue(
        end.steps().stream()
            .anyMatch(
                s -> s.name().equals("await approvals") && s.detail().contains("dba by dana")));
  }

  @Test
  void anApprovalWhoseSignalWasLostCountsAtTheNextLedgerRead() {
    RollbackWorkflow rollback = w.start(needsApprovals());
    w.await(rollback, RollbackStatus.AWAITING_APPROVAL);

    when(w.ledger.approvals(Plans.ROLLBACK_ID))
        .thenReturn(
            List.of(new Approval("dba", "dana", null), new Approval("manager", "max", null)));
    RollbackState end = w.result();

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
  }

  @Test
  void onePersonApprovingBothKindsIsNotEnough() {
    when(w.ledger.approvals(Plans.ROLLBACK_ID))
        .thenReturn(
            List.of(new Approval("dba", "dana", null), new Approval("manager", "dana", null)));
    RollbackWorkflow rollback = w.start(needsApprovals());

    RollbackState end = w.result();

    assertEquals(RollbackStatus.ABORTED, end.status());
    assertTrue(end.outcome().contains("from different people"), end.outcome());
    verifyNoInteractions(w.commands);
  }

  @Test
  void anAbortTheLedgerDoesNotHaveIsIgnored() throws Exception {
    CountDownLatch checking = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    when(w.database.checkBackup(
            any(),
            any(),
            org.mockito.ArgumentMatchers.anyLong(),
            org.mockito.ArgumentMatchers.anyBoolean()))
        .thenAnswer(
            call -> {
              checking.countDown();
              while (!release.await(50, TimeUnit.MILLISECONDS)) {
                Activity.getExecutionContext().heartbeat(null);
              }
              return Workers.BACKUP_CHECK;
            });
    RollbackWorkflow rollback = w.start(Plans.of(Plans.BACKUP_RESTORE).withDatabase().plan());
    assertTrue(checking.await(10, TimeUnit.SECONDS));

    rollback.abort(new OperatorAction(99, OperatorAction.ABORT, "mallory", "forged"));
    w.await(rollback, s -> Workers.stepNames(s).contains("ignored abort"));
    release.countDown();
    RollbackState end = w.result();

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    verify(w.ledger).action(Plans.ROLLBACK_ID, 99);
  }
}
