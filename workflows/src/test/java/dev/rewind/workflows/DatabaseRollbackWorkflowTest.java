package dev.rewind.workflows;

import static dev.rewind.workflows.DatabaseFixtures.APP;
import static dev.rewind.workflows.DatabaseFixtures.BACKUP;
import static dev.rewind.workflows.DatabaseFixtures.DB;
import static dev.rewind.workflows.DatabaseFixtures.DB_HOST;
import static dev.rewind.workflows.DatabaseFixtures.ID;
import static dev.rewind.workflows.DatabaseFixtures.backupCheck;
import static dev.rewind.workflows.DatabaseFixtures.manifest;
import static dev.rewind.workflows.DatabaseFixtures.snapshotId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * migration-rollback and backup-restore with mocked host and database activities: the order of
 * steps, approvals before any destructive step, compensation with the right snapshot, refusal of a
 * bad backup, escalation with maintenance still on.
 */
class DatabaseRollbackWorkflowTest {
  private static final String GOOD = "e4f5a6b7c8d9e4f5a6b7c8d9e4f5a6b7c8d9e4f5";
  private static final List<String> STOP = List.of("svc", "stop", "billing");
  private static final List<String> START = List.of("svc", "start", "billing");
  private static final List<String> MAINT_ON = List.of("touch", "/srv/MAINT");
  private static final List<String> MAINT_OFF = List.of("rm", "-f", "/srv/MAINT");
  private static final List<String> MIGRATE =
      List.of("migrate", "accounting", "0002_add_journal_entry");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .setDoNotStart(true)
          .registerSearchAttribute("RewindService", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute("RewindEnvironment", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute("RewindStrategy", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute("RewindStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .build();

  private final HostActivities commands =
      mock(HostActivities.class, withSettings().withoutAnnotations());
  private final GitActivities git = mock(GitActivities.class, withSettings().withoutAnnotations());
  private final DatabaseActivities database =
      mock(DatabaseActivities.class, withSettings().withoutAnnotations());
  private final HealthActivities health =
      mock(HealthActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final LedgerActivities ledger =
      mock(LedgerActivities.class, withSettings().withoutAnnotations());
  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void startWorkers(TestWorkflowEnvironment env, WorkflowClient client) {
    this.env = env;
    this.client = client;
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(health, notify);
    env.newWorker(TaskQueues.host(APP.name())).registerActivitiesImplementations(commands, git);
    env.newWorker(TaskQueues.host(DB_HOST.name()))
        .registerActivitiesImplementations(new HostActivitiesOnDbHost(commands), database);
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger);
    env.start();
    when(database.snapshotDatabase(eq(DB), anyString(), eq(ID), anyString()))
        .thenAnswer(call -> manifest(call.getArgument(1)));
    when(database.checkBackup(eq(DB), eq(BACKUP), any(), anyBoolean())).thenReturn(backupCheck());
    when(database.restoreDatabase(any(), anyString(), any())).thenReturn("restored");
    when(database.runSqlChecks(any(), any())).thenReturn("1 check passed");
    when(database.pruneSnapshots(any(), eq(10), any())).thenReturn(List.of("older-snapshot"));
    when(git.recordHead(APP, "/srv/billing")).thenReturn(head());
  }

  @Test
  void migrationRollbackRunsEveryStepInOrderOnceBothApproved() {
    WorkflowStub stub = start(DatabaseFixtures.migrationRollback(null));
    awaitState(stub, s -> s.status() == RollbackStatus.AWAITING_APPROVAL);
    approve(stub, "dba", "dana");
    approve(stub, "manager", "max");

    RollbackState end = stub.getResult(RollbackState.class);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    String snapshot = snapshotId(1, MigrationRollback.SNAPSHOT_STEP);
    InOrder order = inOrder(commands, database, health);
    order.verify(commands).runCommand(APP, "maintenance on", MAINT_ON, null);
    order.verify(commands).runCommand(APP, "stop service", STOP, "/srv/billing");
    order.verify(database).snapshotDatabase(DB, snapshot, ID, MigrationRollback.SNAPSHOT_STEP);
    order.verify(commands).runCommand(DB_HOST, "migrate down", MIGRATE, "/srv/billing");
    order.verify(commands).runCommand(APP, "start service", START, "/srv/billing");
    order.verify(health).awaitStatus(any());
    order.verify(commands).runCommand(APP, "maintenance off", MAINT_OFF, null);
    order.verify(database).pruneSnapshots(DB, 10, Set.of(snapshot));
    verify(database, never()).restoreDatabase(any(), any(), any());
    verifyNoInteractions(git);
    assertEquals(List.of(manifest(snapshot)), end.databaseSnapshots());
    assertEquals(List.of("older-snapshot"), end.prunedSnapshots());
    assertTrue(
        end.steps().stream()
            .anyMatch(s -> s.name().equals("await approvals") && s.detail().contains("max")));
  }

  @Test
  void noDestructiveStepRunsBeforeBothApprovals() {
    WorkflowStub stub = start(DatabaseFixtures.migrationRollback(null));
    awaitState(stub, s -> s.status() == RollbackStatus.AWAITING_APPROVAL);
    approve(stub, "dba", "dana");
    env.sleep(Duration.ofMinutes(5));

    assertEquals(RollbackStatus.AWAITING_APPROVAL, state(stub).status());
    verifyNoInteractions(commands, database, git);

    approve(stub, "manager", "max");
    assertEquals(RollbackStatus.SUCCEEDED, stub.getResult(RollbackState.class).status());
  }

  @Test
  void theSameIdentityCountsOnceAndCannotBeBothDbaAndManager() {
    WorkflowStub stub = start(DatabaseFixtures.migrationRollback(null));
    awaitState(stub, s -> s.status() == RollbackStatus.AWAITING_APPROVAL);
    approve(stub, "dba", "dana");
    approve(stub, "dba", "dana");
    approve(stub, "manager", "dana");
    env.sleep(Duration.ofMinutes(5));

    assertEquals(RollbackStatus.AWAITING_APPROVAL, state(stub).status());
    verifyNoInteractions(commands, database);

    approve(stub, "manager", "max");
    RollbackState end = stub.getResult(RollbackState.class);
    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertTrue(
        end.steps().stream()
            .anyMatch(
                s ->
                    s.name().equals("await approvals")
                        && s.detail().equals("approved: dba by dana, manager by max")));
  }

  @Test
  void approvalTimeoutEndsAbortedWithNothingChanged() {
    WorkflowStub stub = start(DatabaseFixtures.migrationRollback(null));
    awaitState(stub, s -> s.status() == RollbackStatus.AWAITING_APPROVAL);
    approve(stub, "dba", "dana");

    RollbackState end = stub.getResult(RollbackState.class); // time skips the 30 min timer

    assertEquals(RollbackStatus.ABORTED, end.status());
    assertTrue(end.outcome().contains("no approval by manager within 30 min"), end.outcome());
    verifyNoInteractions(commands, database, git);
    assertEquals(1, end.attempt());
    assertTrue(end.databaseSnapshots().isEmpty());
  }

  @Test
  void failedMigrateDownRestoresItsOwnSnapshotThenStartsTheAppAndEscalatesWithMaintenanceOn() {
    when(commands.runCommand(DB_HOST, "migrate down", MIGRATE, "/srv/billing"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "exit 1: relation does not exist", FailureTypes.COMMAND_FAILED));
    WorkflowStub stub = start(DatabaseFixtures.migrationRollback(null));
    approveBoth(stub);

    RollbackState escalated = awaitState(stub, s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    String first = snapshotId(1, MigrationRollback.SNAPSHOT_STEP);
    String second = snapshotId(2, MigrationRollback.SNAPSHOT_STEP);
    InOrder undo = inOrder(commands, database);
    undo.verify(database).snapshotDatabase(DB, first, ID, MigrationRollback.SNAPSHOT_STEP);
    undo.verify(commands).runCommand(DB_HOST, "migrate down", MIGRATE, "/srv/billing");
    undo.verify(database).restoreDatabase(DB, manifest(first).file(), manifest(first));
    undo.verify(commands).runCommand(APP, "compensate: start service", START, "/srv/billing");
    undo.verify(database).snapshotDatabase(DB, second, ID, MigrationRollback.SNAPSHOT_STEP);
    undo.verify(database).restoreDatabase(DB, manifest(second).file(), manifest(second));
    verify(commands, never()).runCommand(APP, "maintenance off", MAINT_OFF, null);
    verify(notify).declareIncident(any());
    assertEquals(List.of(manifest(first), manifest(second)), escalated.databaseSnapshots());
  }

  @Test
  void codeRevertRunsWhenThePlanHasAKnownGoodCommitAndIsUndoneBeforeTheSnapshot() {
    when(commands.runCommand(APP, "start service", START, "/srv/billing"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure("exit 3", FailureTypes.COMMAND_FAILED));
    WorkflowStub stub = start(DatabaseFixtures.migrationRollback(GOOD));
    approveBoth(stub);

    awaitState(stub, s -> s.status() == RollbackStatus.ESCALATED);

    String first = snapshotId(1, MigrationRollback.SNAPSHOT_STEP);
    InOrder order = inOrder(commands, database, git);
    order.verify(commands).runCommand(DB_HOST, "migrate down", MIGRATE, "/srv/billing");
    order.verify(git).revertAfter(APP, "/srv/billing", GOOD, head());
    order.verify(commands).runCommand(APP, "start service", START, "/srv/billing");
    order.verify(git).restoreHead(APP, head());
    order.verify(database).restoreDatabase(DB, manifest(first).file(), manifest(first));
    order.verify(commands).runCommand(APP, "compensate: start service", START, "/srv/billing");
  }

  @Test
  void backupRestoreChecksTheBackupBeforeApprovalsThenRestoresAndVerifies() {
    WorkflowStub stub = start(DatabaseFixtures.backupRestore());
    awaitState(stub, s -> s.status() == RollbackStatus.AWAITING_APPROVAL);
    verify(database).checkBackup(DB, BACKUP, Duration.ofHours(24), false);
    verifyNoInteractions(commands);
    approveBoth(stub);

    RollbackState end = stub.getResult(RollbackState.class);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    String snapshot = snapshotId(1, BackupRestore.SNAPSHOT_STEP);
    InOrder order = inOrder(commands, database, health);
    order.verify(commands).runCommand(APP, "maintenance on", MAINT_ON, null);
    order.verify(commands).runCommand(APP, "stop service", STOP, "/srv/billing");
    order.verify(database).snapshotDatabase(DB, snapshot, ID, BackupRestore.SNAPSHOT_STEP);
    order.verify(database).restoreDatabase(DB, BACKUP, backupCheck().manifest());
    order.verify(database).runSqlChecks(DB, DB.verify());
    order.verify(commands).runCommand(APP, "start service", START, "/srv/billing");
    order.verify(health).awaitStatus(any());
    order.verify(commands).runCommand(APP, "maintenance off", MAINT_OFF, null);
    order.verify(database).pruneSnapshots(DB, 10, Set.of(snapshot));
    assertEquals(List.of(manifest(snapshot)), end.databaseSnapshots());
  }

  @Test
  void corruptBackupIsRefusedBeforeAnyChangeAndNotRetried() {
    when(database.checkBackup(eq(DB), eq(BACKUP), any(), anyBoolean()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "sha256 differs from " + BACKUP + ".sha256", FailureTypes.BACKUP_CORRUPT));

    RollbackState end = start(DatabaseFixtures.backupRestore()).getResult(RollbackState.class);

    assertEquals(RollbackStatus.FAILED, end.status());
    assertTrue(end.outcome().contains(FailureTypes.BACKUP_CORRUPT), end.outcome());
    verify(database, times(1)).checkBackup(any(), any(), any(), anyBoolean());
    verify(database, never()).snapshotDatabase(any(), any(), any(), any());
    verify(database, never()).restoreDatabase(any(), any(), any());
    verifyNoInteractions(commands);
  }

  @Test
  void failedRestoreRestoresThePreRestoreSnapshotAndEscalatesWithMaintenanceOn() {
    when(database.restoreDatabase(DB, BACKUP, backupCheck().manifest()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "pg_restore: error: COPY failed", FailureTypes.RESTORE_FAILED));
    WorkflowStub stub = start(DatabaseFixtures.backupRestore());
    approveBoth(stub);

    RollbackState escalated = awaitState(stub, s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    String first = snapshotId(1, BackupRestore.SNAPSHOT_STEP);
    String second = snapshotId(2, BackupRestore.SNAPSHOT_STEP);
    InOrder undo = inOrder(commands, database);
    undo.verify(database).restoreDatabase(DB, BACKUP, backupCheck().manifest());
    undo.verify(database).restoreDatabase(DB, manifest(first).file(), manifest(first));
    undo.verify(commands).runCommand(APP, "compensate: start service", START, "/srv/billing");
    undo.verify(database).restoreDatabase(DB, BACKUP, backupCheck().manifest());
    undo.verify(database).restoreDatabase(DB, manifest(second).file(), manifest(second));
    verify(commands, times(2)).runCommand(APP, "maintenance on", MAINT_ON, null);
    verify(commands, never()).runCommand(APP, "maintenance off", MAINT_OFF, null);
    verify(database, never()).runSqlChecks(any(), any());
    assertEquals(List.of(manifest(first), manifest(second)), escalated.databaseSnapshots());

    stub.signal("abort", new OperatorAction("oncall", "restoring by hand"));
    assertEquals(RollbackStatus.ABORTED, stub.getResult(RollbackState.class).status());
  }

  private static GitHead head() {
    return new GitHead("a", "/srv/billing", "a1b2c3d4e5f6a1b2c3d4e5f6", "main");
  }

  private void approveBoth(WorkflowStub stub) {
    approve(stub, "dba", "dana");
    approve(stub, "manager", "max");
  }

  private static void approve(WorkflowStub stub, String kind, String identity) {
    stub.signal("approve", new Approval(kind, identity, null));
  }

  private WorkflowStub start(RollbackPlan plan) {
    RollbackWorkflow workflow =
        client.newWorkflowStub(
            RollbackWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(TaskQueues.CONTROL)
                .setTypedSearchAttributes(RewindSearchAttributes.initial(plan))
                .build());
    WorkflowClient.start(workflow::rollback, plan);
    return WorkflowStub.fromTyped(workflow);
  }

  private static RollbackState state(WorkflowStub stub) {
    return stub.query("state", RollbackState.class);
  }

  private RollbackState awaitState(WorkflowStub stub, Predicate<RollbackState> condition) {
    for (int i = 0; i < 600; i++) {
      RollbackState state = state(stub);
      if (condition.test(state)) {
        return state;
      }
      env.sleep(Duration.ofMillis(100));
    }
    throw new AssertionError("state never reached: " + state(stub));
  }

  /** The db host's agent serves host commands too; the same mock records them. */
  private record HostActivitiesOnDbHost(HostActivities delegate) implements HostActivities {
    @Override
    public String runCommand(HostTarget host, String purpose, List<String> argv, String workDir) {
      return delegate.runCommand(host, purpose, argv, workDir);
    }
  }
}
