package dev.rewind.activities.rollbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.database.DatabaseActivitiesImpl;
import dev.rewind.activities.database.TargetPostgres;
import dev.rewind.activities.host.HostActivitiesImpl;
import dev.rewind.activities.host.HostShells;
import dev.rewind.workflows.Approval;
import dev.rewind.workflows.CodeTarget;
import dev.rewind.workflows.DatabaseTarget;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HealthActivities;
import dev.rewind.workflows.HealthCheck;
import dev.rewind.workflows.HostTarget;
import dev.rewind.workflows.Incident;
import dev.rewind.workflows.LedgerActivities;
import dev.rewind.workflows.MaintenanceMode;
import dev.rewind.workflows.NotifyActivities;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflow;
import dev.rewind.workflows.RollbackWorkflowImpl;
import dev.rewind.workflows.RolloutPolicy;
import dev.rewind.workflows.SnapshotManifest;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.TaskQueues;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * migration-rollback and backup-restore end to end against a real PostgreSQL (a throwaway cluster
 * with 130k rows): the real workflow, the real database activities (pg_dump, pg_restore) and real
 * host commands on agent queues {@code app} and {@code db}; only the HTTP health check, the
 * notifications and the ledger are stand-ins.
 */
@Tag("infra")
class DatabaseRollbackOnPostgresTest {
  private static final String ID = "rollback-production-billing-20261126094000-pg01";
  private static TargetPostgres pg;

  private final List<Incident> incidents = new CopyOnWriteArrayList<>();
  private AccountingDatabase accounting;
  private Path work;
  private Path snapshots;
  private TestWorkflowEnvironment env;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = new TargetPostgres();
  }

  @AfterAll
  static void stopPostgres() {
    pg.close();
  }

  @BeforeEach
  void start() throws Exception {
    accounting = new AccountingDatabase(pg);
    accounting.create();
    accounting.blockRestores(false);
    work = Files.createTempDirectory("rewind-db-rollback-");
    snapshots = Files.createDirectories(work.resolve("snapshots"));
    Files.createDirectories(work.resolve("app"));
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    for (String name :
        List.of("RewindService", "RewindEnvironment", "RewindStrategy", "RewindStatus")) {
      env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(
        (HealthActivities) check -> "answered " + check.expectStatus(),
        (NotifyActivities) incidents::add);
    env.newWorker(TaskQueues.host("app"))
        .registerActivitiesImplementations(new HostActivitiesImpl(HostShells.agent("app")));
    env.newWorker(TaskQueues.host("db"))
        .registerActivitiesImplementations(
            new HostActivitiesImpl(HostShells.agent("db")),
            DatabaseActivitiesImpl.agent("db", pg.workerEnvironment()));
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(new NoLedger());
    env.start();
  }

  @AfterEach
  void stop() throws Exception {
    env.close();
    accounting.blockRestores(false);
  }

  @Test
  void migrationRollbackPutsSchemaAndDataBackExactlyAsBeforeTheMigration() throws Exception {
    String schemaBefore = accounting.schema();
    Map<String, String> before = accounting.contents();
    accounting.applyBadMigration();
    assertNotEquals(schemaBefore, accounting.schema());
    Path scripts = accounting.writeDownScripts(work);

    RollbackState end =
        approvedResult(start(plan("migration-rollback", scripts, "0002_add_journal_entry", null)));

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.outcome());
    assertEquals(schemaBefore, accounting.schema());
    assertEquals(before, accounting.contents());
    assertEquals(1, end.databaseSnapshots().size());
    SnapshotManifest snapshot = end.databaseSnapshots().get(0);
    assertEquals(ID + "-a1-pre-migrate-down", snapshot.snapshotId());
    assertTrue(Files.isRegularFile(Path.of(snapshot.file())));
    assertEquals(100_000L, snapshot.rowCounts().get("public.journal"));
    assertTrue(snapshot.rowCounts().containsKey("public.customer_accounts"));
    assertFalse(Files.exists(maintenanceFile()));
    assertTrue(Files.exists(work.resolve("app/RUNNING")));
  }

  @Test
  void aFailingMigrateDownIsUndoneFromItsSnapshotThenEscalatesWithMaintenanceOn() throws Exception {
    accounting.applyBadMigration();
    String schemaBroken = accounting.schema();
    Map<String, String> broken = accounting.contents();
    Path scripts = accounting.writeDownScripts(work);

    WorkflowStub stub = start(plan("migration-rollback", scripts, "0001_initial", null));
    approveBoth(stub);
    RollbackState escalated = awaitState(stub, s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertEquals(schemaBroken, accounting.schema());
    assertEquals(broken, accounting.contents());
    assertTrue(Files.exists(maintenanceFile()), "maintenance stays on while escalated");
    assertEquals(
        List.of(ID + "-a1-pre-migrate-down", ID + "-a2-pre-migrate-down"),
        escalated.databaseSnapshots().stream().map(SnapshotManifest::snapshotId).toList());
    assertTrue(
        escalated.steps().stream()
            .anyMatch(
                s ->
                    s.name().equals("compensate: restore snapshot")
                        && s.target().endsWith(ID + "-a1-pre-migrate-down.dump")));
    stub.signal("abort", new OperatorAction("oncall", "fixing by hand"));
  }

  @Test
  void backupRestorePutsTheBackupBackAndKeepsThePostMigrationStateInASnapshot() throws Exception {
    String schemaBackup = accounting.schema();
    Map<String, String> backupContents = accounting.contents();
    Path backup = accounting.pipelineBackup(work);
    accounting.applyDestructiveMigration();
    Map<String, String> afterDeploy = accounting.contents();

    RollbackState end =
        approvedResult(start(plan("backup-restore", work, null, backup.toString())));

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.outcome());
    assertEquals(schemaBackup, accounting.schema());
    assertEquals(backupContents, accounting.contents());
    SnapshotManifest preRestore = end.databaseSnapshots().get(0);
    assertEquals(ID + "-a1-pre-restore", preRestore.snapshotId());
    assertTrue(Files.isRegularFile(Path.of(preRestore.file())));
    assertEquals(
        Long.parseLong(afterDeploy.get("journal").split(" ")[0]),
        preRestore.rowCounts().get("public.journal"));
    List<SnapshotManifest> listed =
        DatabaseActivitiesImpl.agent("db", pg.workerEnvironment())
            .listSnapshots(target(work, null));
    assertEquals(
        List.of(preRestore.snapshotId()),
        listed.stream().map(SnapshotManifest::snapshotId).toList());
    assertTrue(stepDetail(end, "check backup").contains("sha256 matches"));
  }

  @Test
  void aCorruptBackupIsRefusedBeforeAnythingChanges() throws Exception {
    Path backup = accounting.pipelineBackup(work);
    Files.writeString(work.resolve("pre-deploy.dump.sha256"), "00".repeat(32) + "  x\n");
    accounting.applyDestructiveMigration();
    String schema = accounting.schema();
    Map<String, String> contents = accounting.contents();

    RollbackState end =
        start(plan("backup-restore", work, null, backup.toString())).getResult(RollbackState.class);

    assertEquals(RollbackStatus.FAILED, end.status());
    assertTrue(end.outcome().contains(FailureTypes.BACKUP_CORRUPT), end.outcome());
    assertUnchanged(schema, contents);
  }

  @Test
  void aStaleBackupIsRefusedAndRestoredOnlyWhenExplicitlyAllowed() throws Exception {
    Path backup = accounting.pipelineBackup(work);
    AccountingDatabase.age(backup, 30);
    accounting.applyDestructiveMigration();
    String schema = accounting.schema();
    Map<String, String> contents = accounting.contents();

    RollbackState refused =
        start(plan("backup-restore", work, null, backup.toString())).getResult(RollbackState.class);

    assertEquals(RollbackStatus.FAILED, refused.status());
    assertTrue(refused.outcome().contains(FailureTypes.BACKUP_STALE), refused.outcome());
    assertUnchanged(schema, contents);

    RollbackPlan allowed = allowStale(plan("backup-restore", work, null, backup.toString()));
    RollbackState restored = approvedResult(start(allowed, ID + "-stale"));
    assertEquals(RollbackStatus.SUCCEEDED, restored.status(), restored.outcome());
    assertTrue(stepDetail(restored, "check backup").contains("stale, explicitly allowed"));
  }

  private static RollbackPlan allowStale(RollbackPlan p) {
    return new RollbackPlan(
        p.service(),
        p.environment(),
        p.strategy(),
        p.fromVersion(),
        p.toVersion(),
        p.reason(),
        p.requestedBy(),
        p.container(),
        p.health(),
        p.escalationContacts(),
        p.renotifyMinutes(),
        p.hosts(),
        p.rollout(),
        p.code(),
        p.maintenance(),
        p.gitSha(),
        p.mode(),
        p.database(),
        p.targetMigration(),
        p.backup(),
        true,
        p.approvalsRequired(),
        p.approvalTimeoutMinutes());
  }

  @Test
  void aRestoreFailingMidwayIsUndoneFromThePreRestoreSnapshotTwiceThenEscalates() throws Exception {
    Path backup = accounting.pipelineBackup(work);
    accounting.applyDestructiveMigration();
    String schema = accounting.schema();
    Map<String, String> contents = accounting.contents();
    accounting.blockRestores(true); // the backup's journal rows are refused half-way

    WorkflowStub stub = start(plan("backup-restore", work, null, backup.toString()));
    approveBoth(stub);
    RollbackState escalated = awaitState(stub, s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertEquals(schema, accounting.schema());
    assertEquals(contents, accounting.contents());
    assertTrue(Files.exists(maintenanceFile()), "maintenance stays on while escalated");
    assertEquals(
        List.of(ID + "-a1-pre-restore", ID + "-a2-pre-restore"),
        escalated.databaseSnapshots().stream().map(SnapshotManifest::snapshotId).toList());
    assertTrue(stepDetail(escalated, "restore backup").startsWith(FailureTypes.RESTORE_FAILED));
    assertEquals(1, incidents.size());
    stub.signal("abort", new OperatorAction("oncall", "restoring by hand"));
  }

  private void assertUnchanged(String schema, Map<String, String> contents) throws Exception {
    assertEquals(schema, accounting.schema());
    assertEquals(contents, accounting.contents());
    try (var files = Files.list(snapshots)) {
      assertEquals(0, files.count(), "no snapshot taken");
    }
    assertFalse(Files.exists(maintenanceFile()));
  }

  private static String stepDetail(RollbackState state, String name) {
    return state.steps().stream()
        .filter(s -> s.name().equals(name))
        .map(StepRecord::detail)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private Path maintenanceFile() {
    return work.resolve("app/MAINTENANCE");
  }

  private DatabaseTarget target(Path scripts, String strategy) throws Exception {
    DatabaseTarget base = pg.target(snapshots);
    return new DatabaseTarget(
        base.host(),
        base.url(),
        base.user(),
        base.passwordEnv(),
        base.snapshotDir(),
        base.keepSnapshots(),
        base.maxBackupAge(),
        "migration-rollback".equals(strategy) ? accounting.migrateDown(scripts) : null,
        List.of("SELECT count(*) > 0 FROM journal"));
  }

  private RollbackPlan plan(String strategy, Path scripts, String migration, String backup)
      throws Exception {
    String app = work.resolve("app").toString();
    return new RollbackPlan(
        "billing",
        "production",
        strategy,
        "v2",
        "v1",
        "release v2 broke the journal",
        "pipeline",
        null,
        new HealthCheck("http://127.0.0.1:18080/health", 200, 30),
        List.of(),
        15,
        List.of(HostTarget.agent("app")),
        RolloutPolicy.ONE_AT_A_TIME,
        new CodeTarget(
            app, List.of("rm", "-f", app + "/RUNNING"), List.of("touch", app + "/RUNNING"), null),
        new MaintenanceMode(
            List.of("touch", app + "/MAINTENANCE"),
            List.of("rm", "-f", app + "/MAINTENANCE"),
            null),
        null,
        null,
        target(scripts, strategy),
        migration,
        backup,
        false,
        List.of(Approval.DBA, Approval.MANAGER),
        30);
  }

  private WorkflowStub start(RollbackPlan plan) {
    return start(plan, ID);
  }

  private WorkflowStub start(RollbackPlan plan, String id) {
    RollbackWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                RollbackWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue(TaskQueues.CONTROL)
                    .setTypedSearchAttributes(RewindSearchAttributes.initial(plan))
                    .build());
    WorkflowClient.start(workflow::rollback, plan);
    return WorkflowStub.fromTyped(workflow);
  }

  private static void approveBoth(WorkflowStub stub) {
    stub.signal("approve", new Approval("dba", "dana", "snapshot first"));
    stub.signal("approve", new Approval("manager", "max", null));
  }

  private static RollbackState approvedResult(WorkflowStub stub) {
    approveBoth(stub);
    return stub.getResult(RollbackState.class);
  }

  private static RollbackState awaitState(WorkflowStub stub, Predicate<RollbackState> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    RollbackState state = null;
    while (System.nanoTime() < deadline) {
      state = stub.query("state", RollbackState.class);
      if (condition.test(state)) {
        return state;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("state never reached: " + state);
  }

  /** The ledger is the api's; these rollbacks report to nobody. */
  static class NoLedger implements LedgerActivities {
    @Override
    public void recordStatus(String rollbackId, int sequence, RollbackState state) {}

    @Override
    public void recordOutcome(String rollbackId, RollbackPlan plan, RollbackState state) {}
  }
}
