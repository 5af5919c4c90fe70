package dev.rewind.workflows;

import static dev.rewind.workflows.Plans.BACKUP;
import static dev.rewind.workflows.Plans.ROLLBACK_ID;
import static dev.rewind.workflows.Rollbacks.awaitStatus;
import static dev.rewind.workflows.Rollbacks.resultOf;
import static dev.rewind.workflows.Rollbacks.steps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.rewind.workflows.code.GitActivities;
import dev.rewind.workflows.core.HealthActivities;
import dev.rewind.workflows.core.HostActivities;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.database.BackupCheck;
import dev.rewind.workflows.database.DatabaseActivities;
import dev.rewind.workflows.database.DatabaseFailures;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * {@code migration-rollback} and {@code backup-restore}, each as a chain of one, with mocked host,
 * database, health and notification activities and the api's ledger. The application runs on host
 * {@code a} (and {@code b}), the database's tools on host {@code local}. Shown: the order of steps,
 * approvals (confirmed in the ledger) before any destructive step, the application stopped once
 * around the change, compensation with the attempt's own snapshot, a bad backup refused, escalation
 * with maintenance still on.
 */
class DatabaseRollbackWorkflowTest {
  private static final String SNAPSHOT_DIR = "/var/backups/rewind/billing";
  private static final String MIGRATE_DOWN_STEP = "pre-migrate-down";
  private static final String RESTORE_STEP = "pre-restore";
  private static final Map<String, String> MIGRATION_VALUES =
      Map.of("version", "v1.5.2", "targetMigration", "0041_before_ledger");

  @RegisterExtension static final TestWorkflowExtension testWorkflow = Rollbacks.extension();

  private final HostActivities commands =
      mock(HostActivities.class, withSettings().withoutAnnotations());
  private final GitActivities git = mock(GitActivities.class, withSettings().withoutAnnotations());
  private final DatabaseActivities database =
      mock(DatabaseActivities.class, withSettings().withoutAnnotations());
  private final HealthActivities health =
      mock(HealthActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final ApiLedger ledger = new ApiLedger();
  private final RollbackPlan migration = onHostA(Plans.MIGRATION).plan();
  private final RollbackPlan backupRestore = onHostA(Plans.BACKUP_RESTORE).plan();
  private final Target app = Target.of(migration, HostRef.agent("a"));
  private final Target db = Target.of(migration, HostRef.agent("local"));
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RollbackWorkflow rollback;

  @BeforeEach
  void startWorkers(TestWorkflowEnvironment env, WorkflowClient client) {
    this.env = env;
    this.client = client;
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(health, notify);
    for (String host : List.of("a", "b")) {
      env.newWorker(TaskQueues.host(host)).registerActivitiesImplementations(commands, git);
    }
    env.newWorker(TaskQueues.host("local")).registerActivitiesImplementations(commands, database);
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger.activities);
    env.start();
    when(database.snapshotDatabase(eq(db), anyString(), eq(ROLLBACK_ID), anyString()))
        .thenAnswer(call -> manifest(call.getArgument(1), call.getArgument(3)));
    when(database.checkBackup(eq(db), eq(BACKUP), anyLong(), anyBoolean()))
        .thenReturn(backupCheck());
    when(database.restoreDatabase(any(), anyString(), any())).thenReturn("restored");
    when(database.runSqlChecks(any())).thenReturn("1 check passed");
    when(database.pruneSnapshots(any(), any())).thenReturn(List.of("older-snapshot"));
  }

  @Test
  void migrationRollbackRunsEveryStepInOrderOnceBothApprovedWithoutACodeRevert() {
    start(migration);
    awaitStatus(env, rollback, RollbackStatus.AWAITING_APPROVAL);
    approveBoth();

    RollbackState end = resultOf(rollback);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    String snapshot = snapshotId(1, MIGRATE_DOWN_STEP);
    InOrder order = inOrder(commands, database, health);
    order.verify(commands).runCommand(app, HostCommand.MAINTENANCE_ON, MIGRATION_VALUES);
    order.verify(commands).runCommand(app, HostCommand.STOP, MIGRATION_VALUES);
    order.verify(database).snapshotDatabase(db, snapshot, ROLLBACK_ID, MIGRATE_DOWN_STEP);
    order.verify(commands).runCommand(db, HostCommand.MIGRATE_DOWN, MIGRATION_VALUES);
    order.verify(commands).runCommand(app, HostCommand.START, MIGRATION_VALUES);
    order.verify(health).awaitStatus(app, 200, 60);
    order.verify(commands).runCommand(app, HostCommand.MAINTENANCE_OFF, MIGRATION_VALUES);
    order.verify(database).pruneSnapshots(db, Set.of(snapshot, ROLLBACK_ID));
    verify(database, never()).restoreDatabase(any(), any(), any());
    verifyNoInteractions(git); // a code revert is a strategy of its own in the chain now
    assertEquals(List.of(manifest(snapshot, MIGRATE_DOWN_STEP)), end.databaseSnapshots());
    assertEquals(List.of("older-snapshot"), end.prunedSnapshots());
    assertEquals(
        "approved: dba by dana, manager by max", steps(end, "await approvals").get(0).detail());
  }

  @Test
  void noDestructiveStepRunsBeforeBothApprovals() {
    start(migration);
    awaitStatus(env, rollback, RollbackStatus.AWAITING_APPROVAL);
    approve(Approval.DBA, "dana");
    env.sleep(Duration.ofMinutes(5));

    assertEquals(RollbackStatus.AWAITING_APPROVAL, rollback.state().status());
    verifyNoInteractions(commands, database, git);

    approve(Approval.MANAGER, "max");
    assertEquals(RollbackStatus.SUCCEEDED, resultOf(rollback).status());
  }

  @Test
  void theSameIdentityCountsOnceAndCannotBeBothDbaAndManager() {
    start(migration);
    awaitStatus(env, rollback, RollbackStatus.AWAITING_APPROVAL);
    approve(Approval.DBA, "dana");
    approve(Approval.DBA, "dana");
    approve(Approval.MANAGER, "dana");
    env.sleep(Duration.ofMinutes(5));

    assertEquals(RollbackStatus.AWAITING_APPROVAL, rollback.state().status());
    verifyNoInteractions(commands, database);

    approve(Approval.MANAGER, "max");
    RollbackState end = resultOf(rollback);
    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(
        "approved: dba by dana, manager by max", steps(end, "await approvals").get(0).detail());
  }

  @Test
  void approvalTimeoutEndsAbortedWithNothingChanged() {
    start(migration);
    awaitStatus(env, rollback, RollbackStatus.AWAITING_APPROVAL);
    approve(Approval.DBA, "dana");

    RollbackState end = resultOf(rollback); // time skips the 30 min timeout

    assertEquals(RollbackStatus.ABORTED, end.status());
    assertTrue(end.outcome().contains("no approval by manager within 30 min"), end.outcome());
    // maintenance was never turned on, so it is not turned off either: no command ran at all
    verifyNoInteractions(commands, database, git);
    assertEquals(1, end.attempt());
    assertTrue(end.databaseSnapshots().isEmpty());
  }

  @Test
  void failedMigrateDownRestoresItsOwnSnapshotThenStartsTheAppAndEscalatesWithMaintenanceOn() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "exit 1: relation does not exist", FailureTypes.COMMAND_FAILED))
        .when(commands)
        .runCommand(db, HostCommand.MIGRATE_DOWN, MIGRATION_VALUES);
    start(migration);
    awaitStatus(env, rollback, RollbackStatus.AWAITING_APPROVAL);
    approveBoth();

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertTrue(escalated.outcome().startsWith(FailureTypes.COMMAND_FAILED), escalated.outcome());
    SnapshotManifest first = manifest(snapshotId(1, MIGRATE_DOWN_STEP), MIGRATE_DOWN_STEP);
    SnapshotManifest second = manifest(snapshotId(2, MIGRATE_DOWN_STEP), MIGRATE_DOWN_STEP);
    InOrder undo = inOrder(commands, database);
    undo.verify(database).snapshotDatabase(db, first.snapshotId(), ROLLBACK_ID, MIGRATE_DOWN_STEP);
    undo.verify(commands).runCommand(db, HostCommand.MIGRATE_DOWN, MIGRATION_VALUES);
    undo.verify(database).restoreDatabase(db, first.file(), first);
    undo.verify(commands).runCommand(app, HostCommand.START, MIGRATION_VALUES);
    undo.verify(database).snapshotDatabase(db, second.snapshotId(), ROLLBACK_ID, MIGRATE_DOWN_STEP);
    undo.verify(commands).runCommand(db, HostCommand.MIGRATE_DOWN, MIGRATION_VALUES);
    undo.verify(database).restoreDatabase(db, second.file(), second);
    undo.verify(commands).runCommand(app, HostCommand.START, MIGRATION_VALUES);
    verify(commands, times(2)).runCommand(db, HostCommand.MIGRATE_DOWN, MIGRATION_VALUES);
    verify(commands, times(2)).runCommand(app, HostCommand.STOP, MIGRATION_VALUES);
    verify(commands, times(2)).runCommand(app, HostCommand.START, MIGRATION_VALUES);
    verify(commands, never()).runCommand(any(), eq(HostCommand.MAINTENANCE_OFF), any());
    verify(notify, timeout(10_000)).declareIncident(eq(app), any());
    assertEquals(List.of(first, second), escalated.databaseSnapshots());
    assertEquals(2, steps(escalated, "compensate: start service").size());
  }

  @Test
  void backupRestoreChecksTheBackupBeforeApprovalsThenRestoresAndVerifies() {
    start(backupRestore);
    awaitStatus(env, rollback, RollbackStatus.AWAITING_APPROVAL);
    verify(database).checkBackup(db, BACKUP, 86_400, false);
    verifyNoInteractions(commands);
    approveBoth();

    RollbackState end = resultOf(rollback);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    String snapshot = snapshotId(1, RESTORE_STEP);
    InOrder order = inOrder(commands, database, health);
    order.verify(commands).runCommand(eq(app), eq(HostCommand.MAINTENANCE_ON), any());
    order.verify(commands).runCommand(eq(app), eq(HostCommand.STOP), any());
    order.verify(database).snapshotDatabase(db, snapshot, ROLLBACK_ID, RESTORE_STEP);
    order.verify(database).restoreDatabase(db, BACKUP, backupCheck().manifest());
    order.verify(database).runSqlChecks(db);
    order.verify(commands).runCommand(eq(app), eq(HostCommand.START), any());
    order.verify(health).awaitStatus(app, 200, 60);
    order.verify(commands).runCommand(eq(app), eq(HostCommand.MAINTENANCE_OFF), any());
    order.verify(database).pruneSnapshots(db, Set.of(snapshot, ROLLBACK_ID));
    verify(database, times(1)).restoreDatabase(any(), any(), any());
    assertEquals(List.of(manifest(snapshot, RESTORE_STEP)), end.databaseSnapshots());
  }

  @Test
  void corruptBackupIsRefusedBeforeAnyChangeAndNotRetried() {
    when(database.checkBackup(eq(db), eq(BACKUP), anyLong(), anyBoolean()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "sha256 differs from " + BACKUP + ".sha256", DatabaseFailures.BACKUP_CORRUPT));

    RollbackState end = Rollbacks.stub(client, backupRestore).rollback(backupRestore);

    assertEquals(RollbackStatus.FAILED, end.status());
    assertTrue(end.outcome().contains(DatabaseFailures.BACKUP_CORRUPT), end.outcome());
    assertEquals(1, end.attempt());
    verify(database, times(1)).checkBackup(any(), any(), anyLong(), anyBoolean());
    verify(database, never()).snapshotDatabase(any(), any(), any(), any());
    verify(database, never()).restoreDatabase(any(), any(), any());
    verifyNoInteractions(commands);
    verify(notify, never())
        .declareIncident(any(), any()); // the event routes are asked, no one paged
  }

  @Test
  void backupRefusedOnTheSecondAttemptEscalatesWithMaintenanceOnInsteadOfEndingFailed() {
    // fit when the first attempt checked it; stale by the time the second one does
    when(database.checkBackup(eq(db), eq(BACKUP), anyLong(), anyBoolean()))
        .thenReturn(backupCheck())
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                BACKUP + " is 24 h old", DatabaseFailures.BACKUP_STALE));
    when(database.restoreDatabase(db, BACKUP, backupCheck().manifest()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "pg_restore: error: COPY failed", DatabaseFailures.RESTORE_FAILED));
    start(backupRestore);
    awaitStatus(env, rollback, RollbackStatus.AWAITING_APPROVAL);
    approveBoth();

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertTrue(escalated.outcome().startsWith(DatabaseFailures.BACKUP_STALE), escalated.outcome());
    SnapshotManifest first = manifest(snapshotId(1, RESTORE_STEP), RESTORE_STEP);
    verify(database, times(2)).checkBackup(eq(db), eq(BACKUP), anyLong(), anyBoolean());
    verify(database, times(1)).snapshotDatabase(any(), any(), any(), any());
    verify(database, times(1)).restoreDatabase(db, BACKUP, backupCheck().manifest());
    verify(database, times(1)).restoreDatabase(db, first.file(), first);
    verify(commands, times(1)).runCommand(eq(app), eq(HostCommand.MAINTENANCE_ON), any());
    verify(commands, never()).runCommand(any(), eq(HostCommand.MAINTENANCE_OFF), any());
    verify(notify, timeout(10_000)).declareIncident(eq(app), any());
  }

  @Test
  void failedRestoreRestoresThePreRestoreSnapshotAndEscalatesWithMaintenanceOn() {
    when(database.restoreDatabase(db, BACKUP, backupCheck().manifest()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "pg_restore: error: COPY failed", DatabaseFailures.RESTORE_FAILED));
    start(backupRestore);
    awaitStatus(env, rollback, RollbackStatus.AWAITING_APPROVAL);
    approveBoth();

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertTrue(
        escalated.outcome().startsWith(DatabaseFailures.RESTORE_FAILED), escalated.outcome());
    SnapshotManifest first = manifest(snapshotId(1, RESTORE_STEP), RESTORE_STEP);
    SnapshotManifest second = manifest(snapshotId(2, RESTORE_STEP), RESTORE_STEP);
    InOrder undo = inOrder(commands, database);
    undo.verify(database).restoreDatabase(db, BACKUP, backupCheck().manifest());
    undo.verify(database).restoreDatabase(db, first.file(), first);
    undo.verify(commands).runCommand(eq(app), eq(HostCommand.START), any());
    undo.verify(database).restoreDatabase(db, BACKUP, backupCheck().manifest());
    undo.verify(database).restoreDatabase(db, second.file(), second);
    undo.verify(commands).runCommand(eq(app), eq(HostCommand.START), any());
    verify(database, times(2)).restoreDatabase(db, BACKUP, backupCheck().manifest());
    verify(commands, times(2)).runCommand(eq(app), eq(HostCommand.MAINTENANCE_ON), any());
    verify(commands, never()).runCommand(any(), eq(HostCommand.MAINTENANCE_OFF), any());
    verify(database, never()).runSqlChecks(any());
    assertEquals(List.of(first, second), escalated.databaseSnapshots());
  }

  @Test
  void abortWhileEscalatedTurnsMaintenanceOffOnceAndEndsAborted() {
    when(database.restoreDatabase(db, BACKUP, backupCheck().manifest()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "pg_restore: error: COPY failed", DatabaseFailures.RESTORE_FAILED));
    start(backupRestore);
    awaitStatus(env, rollback, RollbackStatus.AWAITING_APPROVAL);
    approveBoth();
    awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    rollback.abort(ledger.act(OperatorAction.ABORT, "oncall", "restoring by hand"));
    RollbackState end = resultOf(rollback);

    assertEquals(RollbackStatus.ABORTED, end.status());
    assertEquals("aborted by oncall: restoring by hand", end.outcome());
    verify(commands, times(1)).runCommand(eq(app), eq(HostCommand.MAINTENANCE_OFF), any());
    assertEquals("maintenance off after abort", end.steps().get(end.steps().size() - 1).name());
    verify(database, times(2)).restoreDatabase(eq(db), eq(BACKUP), any());
  }

  @Test
  void stopsTheApplicationOnEveryHostOnceBeforeTheFirstChangeAndStartsItOnceAfterTheLast() {
    RollbackPlan twoHosts =
        onHostA(Plans.BACKUP_RESTORE).hosts(HostRef.agent("a"), HostRef.agent("b")).plan();
    Target b = Target.of(twoHosts, HostRef.agent("b"));
    start(twoHosts);
    awaitStatus(env, rollback, RollbackStatus.AWAITING_APPROVAL);
    approveBoth();

    assertEquals(RollbackStatus.SUCCEEDED, resultOf(rollback).status());
    for (Target host : List.of(app, b)) {
      InOrder order = inOrder(commands, database);
      order.verify(commands).runCommand(eq(host), eq(HostCommand.STOP), any());
      order.verify(database).snapshotDatabase(any(), any(), any(), any());
      order.verify(database).runSqlChecks(db);
      order.verify(commands).runCommand(eq(host), eq(HostCommand.START), any());
      verify(commands, times(1)).runCommand(eq(host), eq(HostCommand.STOP), any());
      verify(commands, times(1)).runCommand(eq(host), eq(HostCommand.START), any());
    }
    verify(commands, never()).runCommand(eq(db), eq(HostCommand.STOP), any());
  }

  @Test
  void withMaintenanceAnsweringItsOwnStatusTheHealthIsVerifiedAfterMaintenanceIsOff() {
    RollbackPlan answering503 = onHostA(Plans.BACKUP_RESTORE).maintenance(503).plan();
    HealthUrl url = HealthUrl.wire(503, commands, health);
    start(answering503);
    awaitStatus(env, rollback, RollbackStatus.AWAITING_APPROVAL);
    approveBoth();

    RollbackState end = resultOf(rollback);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(1, end.attempt());
    InOrder order = inOrder(commands, database, health);
    order.verify(commands).runCommand(eq(app), eq(HostCommand.MAINTENANCE_ON), any());
    order.verify(health).awaitStatus(app, 503, 60);
    order.verify(database).restoreDatabase(db, BACKUP, backupCheck().manifest());
    order.verify(commands).runCommand(eq(app), eq(HostCommand.START), any());
    order.verify(commands).runCommand(eq(app), eq(HostCommand.MAINTENANCE_OFF), any());
    order.verify(health).awaitStatus(app, 200, 60);
    assertEquals(200, url.answer());
  }

  /**
   * A database strategy's plan: the application on host {@code a}, the database's tools on {@code
   * local}, maintenance declared, approvals by a DBA and a manager.
   */
  private static Plans onHostA(StrategyPlan strategy) {
    return Plans.of(strategy)
        .hosts(HostRef.agent("a"))
        .withDatabase()
        .maintenance(null)
        .approvals(Approval.DBA, Approval.MANAGER);
  }

  private void start(RollbackPlan plan) {
    rollback = Rollbacks.start(client, plan);
  }

  private void approveBoth() {
    approve(Approval.DBA, "dana");
    approve(Approval.MANAGER, "max");
  }

  /** As the api does: recorded in the ledger, then the workflow woken up. */
  private void approve(String kind, String identity) {
    rollback.approve(ledger.approve(kind, identity));
  }

  private static String snapshotId(int attempt, String step) {
    return ROLLBACK_ID + "-a" + attempt + "-" + step;
  }

  private static SnapshotManifest manifest(String snapshotId, String step) {
    return new SnapshotManifest(
        snapshotId,
        SNAPSHOT_DIR + "/" + snapshotId + ".dump",
        "ab".repeat(32),
        12_300_000,
        "billing",
        "15.18",
        Instant.parse("2026-11-26T09:30:00Z"),
        ROLLBACK_ID,
        step,
        Map.of("public.accounting_journal", 100_000L, "public.accounts", 250L));
  }

  private static BackupCheck backupCheck() {
    return new BackupCheck(
        BACKUP,
        "cd".repeat(32),
        11_000_000,
        Instant.parse("2026-11-26T07:00:00Z"),
        9000,
        true,
        false,
        manifest("deploy-v1.5.3", "deploy"));
  }
}
