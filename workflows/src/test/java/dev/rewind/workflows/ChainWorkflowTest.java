package dev.rewind.workflows;

import static dev.rewind.workflows.Workers.LOCAL;
import static dev.rewind.workflows.Workers.snapshotId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.rewind.workflows.container.ContainerFailures;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * A chain of strategies as one saga (runbook 000): backup-restore, code-revert and container-revert
 * in order with maintenance on once and the application stopped and started once; a failure of the
 * third strategy undoes three, two, one newest first before the second attempt; two failures
 * escalate with maintenance on; an abort undoes what ran.
 */
class ChainWorkflowTest {
  @RegisterExtension static final TestWorkflowExtension testWorkflow = Workers.extension();

  private Workers w;

  @BeforeEach
  void start(TestWorkflowEnvironment env, WorkflowClient client) {
    w = new Workers(env, client);
  }

  private static RollbackPlan chainOfThree() {
    return Plans.of(Plans.BACKUP_RESTORE, Plans.CODE, Plans.CONTAINER)
        .withDatabase()
        .maintenance(null)
        .plan();
  }

  @Test
  void chainOfThreeRunsEveryStrategyInOrderInsideOneMaintenanceWindow() {
    w.start(chainOfThree());

    RollbackState end = w.result();

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(1, end.attempt());
    String snapshot = snapshotId(1, "pre-restore");
    InOrder order = inOrder(w.commands, w.database, w.git, w.docker, w.health, w.ledger);
    order.verify(w.database).checkBackup(LOCAL, Plans.BACKUP, 86_400, false);
    order.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.MAINTENANCE_ON), any());
    order.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.STOP), any());
    order.verify(w.database).snapshotDatabase(LOCAL, snapshot, Plans.ROLLBACK_ID, "pre-restore");
    order.verify(w.database).restoreDatabase(LOCAL, Plans.BACKUP, Workers.BACKUP_CHECK.manifest());
    order.verify(w.database).runSqlChecks(LOCAL);
    order.verify(w.git).revertAfter(LOCAL, Plans.GOOD_SHA, Workers.HEAD);
    order.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.REINSTALL), any());
    order.verify(w.docker).retireContainer(LOCAL, Plans.ORIGINAL_ID, "ab12");
    order.verify(w.docker).startContainer(LOCAL, Plans.REPLACEMENT_ID);
    order.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.START), any());
    order.verify(w.health).awaitStatus(LOCAL, 200, 60);
    order.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.MAINTENANCE_OFF), any());
    order.verify(w.ledger).recordRolledBack(eq(Plans.ROLLBACK_ID), any());
    order.verify(w.ledger).recordOutcome(eq(Plans.ROLLBACK_ID), any(), any());
    verify(w.commands, times(1)).runCommand(eq(LOCAL), eq(HostCommand.STOP), any());
    verify(w.commands, times(1)).runCommand(eq(LOCAL), eq(HostCommand.START), any());
    verify(w.commands, times(1)).runCommand(eq(LOCAL), eq(HostCommand.MAINTENANCE_ON), any());
    verify(w.database, never())
        .restoreDatabase(any(), eq(Workers.manifest(snapshot).file()), any());
  }

  @Test
  void commandsReceiveTheChainsValuesForTheCatalogsPlaceholders() {
    w.start(chainOfThree());
    w.result();

    verify(w.commands)
        .runCommand(
            LOCAL, HostCommand.REINSTALL, Map.of("version", "v1.5.2", "gitSha", Plans.GOOD_SHA));
  }

  @Test
  void thirdStrategyFailingUndoesThreeTwoOneNewestFirstThenTriesTheWholeChainAgain() {
    doThrow(ApplicationFailure.newNonRetryableFailure("exited 1", "ContainerExited"))
        .when(w.docker)
        .startContainer(LOCAL, Plans.REPLACEMENT_ID);
    RollbackWorkflow rollback = w.start(chainOfThree());

    RollbackState escalated = w.await(rollback, RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    SnapshotManifest first = Workers.manifest(snapshotId(1, "pre-restore"));
    SnapshotManifest second = Workers.manifest(snapshotId(2, "pre-restore"));
    InOrder undo = inOrder(w.docker, w.git, w.database, w.commands);
    undo.verify(w.docker).discardReplacement(LOCAL, Plans.ORIGINAL_ID);
    undo.verify(w.docker).reinstateContainer(LOCAL, Plans.ORIGINAL_ID);
    undo.verify(w.git).restoreHead(LOCAL, Workers.HEAD);
    undo.verify(w.database).restoreDatabase(LOCAL, first.file(), first);
    undo.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.START), any());
    undo.verify(w.database).checkBackup(LOCAL, Plans.BACKUP, 86_400, false);
    undo.verify(w.docker).discardReplacement(LOCAL, Plans.ORIGINAL_ID);
    undo.verify(w.docker).reinstateContainer(LOCAL, Plans.ORIGINAL_ID);
    undo.verify(w.git).restoreHead(LOCAL, Workers.HEAD);
    undo.verify(w.database).restoreDatabase(LOCAL, second.file(), second);
    verify(w.commands, times(2)).runCommand(eq(LOCAL), eq(HostCommand.MAINTENANCE_ON), any());
    verify(w.commands, never()).runCommand(eq(LOCAL), eq(HostCommand.MAINTENANCE_OFF), any());
    verify(w.notify).declareIncident(eq(LOCAL), any());
    verify(w.ledger, never()).recordRolledBack(any(), any());
    assertEquals(java.util.List.of(first, second), escalated.databaseSnapshots());
    assertTrue(escalated.outcome().contains("ContainerExited"), escalated.outcome());
  }

  @Test
  void abortInTheMiddleOfTheChainUndoesWhatRanAndLeavesMaintenance() throws Exception {
    CountDownLatch reverting = new CountDownLatch(1);
    when(w.git.revertAfter(LOCAL, Plans.GOOD_SHA, Workers.HEAD))
        .thenAnswer(
            call -> {
              reverting.countDown();
              while (true) { // until the workflow's cancellation reaches this heartbeat
                Activity.getExecutionContext().heartbeat(null);
                Thread.sleep(50);
              }
            });
    RollbackWorkflow rollback = w.start(chainOfThree());
    assertTrue(reverting.await(10, TimeUnit.SECONDS));

    rollback.abort(w.recorded(7, OperatorAction.ABORT, "olga", "wrong target"));
    RollbackState end = w.result();

    assertEquals(RollbackStatus.ABORTED, end.status());
    assertEquals("aborted by olga: wrong target", end.outcome());
    SnapshotManifest snapshot = Workers.manifest(snapshotId(1, "pre-restore"));
    InOrder undo = inOrder(w.git, w.database, w.commands);
    undo.verify(w.git).restoreHead(LOCAL, Workers.HEAD);
    undo.verify(w.database).restoreDatabase(LOCAL, snapshot.file(), snapshot);
    undo.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.START), any());
    undo.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.MAINTENANCE_OFF), any());
    verify(w.docker, never()).inspectContainer(any());
    verify(w.ledger, never()).recordRolledBack(any(), any());
  }

  @Test
  void aRefusedBackupEndsFailedWithNothingChanged() {
    when(w.database.checkBackup(LOCAL, Plans.BACKUP, 86_400, false))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("too old", "BackupStale"));
    w.start(chainOfThree());

    RollbackState end = w.result();

    assertEquals(RollbackStatus.FAILED, end.status());
    verify(w.commands, never()).runCommand(any(), any(), any());
    verify(w.database, never()).snapshotDatabase(any(), any(), any(), any());
    verify(w.git, never()).recordHead(any());
    verify(w.docker, never()).inspectContainer(any());
  }

  @Test
  void codeRevertAfterARestoredDatabaseRunsTheCatalogsMigrateBeforeTheStart() {
    w.start(
        Plans.of(Plans.BACKUP_RESTORE, Plans.CODE)
            .withDatabase()
            .declaring(HostCommand.MIGRATE)
            .plan());
    w.result();

    InOrder order = inOrder(w.git, w.commands);
    order.verify(w.git).revertAfter(LOCAL, Plans.GOOD_SHA, Workers.HEAD);
    order.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.MIGRATE), any());
    order.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.START), any());
  }

  @Test
  void maintenanceThatAnswers503IsTurnedOffBeforeTheFinalHealthCheck() {
    when(w.health.awaitStatus(LOCAL, 503, 60)).thenReturn("503");
    w.start(Plans.of(Plans.BACKUP_RESTORE).withDatabase().maintenance(503).plan());
    w.result();

    InOrder order = inOrder(w.commands, w.health);
    order.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.MAINTENANCE_ON), any());
    order.verify(w.health).awaitStatus(LOCAL, 503, 60);
    order.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.START), any());
    order.verify(w.commands).runCommand(eq(LOCAL), eq(HostCommand.MAINTENANCE_OFF), any());
    order.verify(w.health).awaitStatus(LOCAL, 200, 60);
  }

  @Test
  void escalatedChainThatFailedInContainerRevertIsRetriedByTheOperator() {
    ApplicationFailure rejected =
        ApplicationFailure.newNonRetryableFailure("conflict", ContainerFailures.DOCKER_REJECTED);
    doThrow(rejected, rejected)
        .doNothing()
        .when(w.docker)
        .retireContainer(LOCAL, Plans.ORIGINAL_ID, "ab12");
    RollbackWorkflow rollback = w.start(chainOfThree());
    w.await(rollback, RollbackStatus.ESCALATED);

    rollback.retry(w.recorded(8, OperatorAction.RETRY, "olga", "fixed the daemon"));

    RollbackState end = w.result();
    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(3, end.attempt());
  }
}
