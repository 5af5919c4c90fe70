package dev.rewind.activities.rollbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.TestActivities;
import dev.rewind.activities.TestLedger;
import dev.rewind.activities.TestRollbacks;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.activities.database.DatabaseActivitiesImpl;
import dev.rewind.activities.database.TargetPostgres;
import dev.rewind.activities.health.HealthActivitiesImpl;
import dev.rewind.activities.health.HealthyEndpoint;
import dev.rewind.activities.heartbeat.BackgroundHeartbeats;
import dev.rewind.activities.host.HostActivitiesImpl;
import dev.rewind.activities.host.HostShells;
import dev.rewind.activities.host.Redaction;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflowImpl;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.StrategyPlan;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.backup.BackupRestorePlan;
import dev.rewind.workflows.core.Incident;
import dev.rewind.workflows.database.DatabaseFailures;
import dev.rewind.workflows.database.SnapshotManifest;
import dev.rewind.workflows.migration.MigrationRollbackPlan;
import io.temporal.api.enums.v1.IndexedValueType;
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
 * with 130k rows): the real workflow, the real database activities (pg_dump, pg_restore), real host
 * commands on agent queues {@code app} and {@code db} and a real health check, all resolved from a
 * real catalog file; only the notifications and the ledger are stand-ins.
 */
@Tag("infra")
class DatabaseRollbackOnPostgresTest {
  private static final String ID = "rollback-production-billing-20261126094000-pg01";
  private static TargetPostgres pg;
  private static HealthyEndpoint health;

  private final List<Incident> incidents = new CopyOnWriteArrayList<>();
  private final TestLedger ledger = new TestLedger();
  private AccountingDatabase accounting;
  private Path work;
  private Path snapshots;
  private Catalog catalog;
  private TestWorkflowEnvironment env;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = new TargetPostgres();
    health = new HealthyEndpoint();
  }

  @AfterAll
  static void stopPostgres() {
    pg.close();
    health.close();
  }

  @BeforeEach
  void start() throws Exception {
    accounting = new AccountingDatabase(pg);
    accounting.create();
    accounting.blockRestores(false);
    work = Files.createTempDirectory("rewind-db-rollback-");
    snapshots = Files.createDirectories(work.resolve("snapshots"));
    Files.createDirectories(work.resolve("app"));
    catalog = TestCatalogs.write(work.resolve("catalog"), catalogYaml());
    CatalogTargets targets = new CatalogTargets(catalog);
    Redaction redaction = Redaction.of(catalog, pg.workerEnvironment());
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(BackgroundHeartbeats.factoryOptions())
                .setUseTimeskipping(false)
                .build());
    for (String name :
        List.of("RewindService", "RewindEnvironment", "RewindStrategy", "RewindStatus")) {
      env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(
        new HealthActivitiesImpl(targets), TestActivities.incidentsInto(incidents));
    env.newWorker(TaskQueues.host("app"))
        .registerActivitiesImplementations(
            new HostActivitiesImpl(targets, HostShells.agent("app", redaction)));
    env.newWorker(TaskQueues.host("db"))
        .registerActivitiesImplementations(
            new HostActivitiesImpl(targets, HostShells.agent("db", redaction)),
            DatabaseActivitiesImpl.agent(targets, "db", pg.workerEnvironment()));
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger);
    env.start();
  }

  /** The billing catalog, migrated down by the script a test writes into the work directory. */
  private String catalogYaml() {
    return BillingCatalog.yaml(
        pg,
        "app",
        "db",
        work,
        snapshots,
        health.url(),
        "migrateDown: [sh, " + work + "/migrate-down.sh, \"{targetMigration}\"]");
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
    accounting.writeMigrateDown(accounting.writeDownScripts(work));

    RollbackState end =
        approvedResult(start(plan(new MigrationRollbackPlan("0002_add_journal_entry"))));

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
    accounting.writeMigrateDown(accounting.writeDownScripts(work));

    WorkflowStub stub = start(plan(new MigrationRollbackPlan("0001_initial")));
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
                        && s.target().endsWith(ID + "-a1-pre-migrate-down.dump")),
        escalated.steps().toString());
    abort(stub, "fixing by hand");
  }

  @Test
  void backupRestorePutsTheBackupBackAndKeepsThePostMigrationStateInASnapshot() throws Exception {
    String schemaBackup = accounting.schema();
    Map<String, String> backupContents = accounting.contents();
    Path backup = accounting.pipelineBackup(work);
    accounting.applyDestructiveMigration();
    Map<String, String> afterDeploy = accounting.contents();

    RollbackState end = approvedResult(start(plan(restore(backup, false))));

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
        DatabaseActivitiesImpl.agent(new CatalogTargets(catalog), "db", pg.workerEnvironment())
            .listSnapshots(TestCatalogs.target(catalog, "billing", "production", "db"));
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

    RollbackState end = start(plan(restore(backup, false))).getResult(RollbackState.class);

    assertEquals(RollbackStatus.FAILED, end.status());
    assertTrue(end.outcome().contains(DatabaseFailures.BACKUP_CORRUPT), end.outcome());
    assertUnchanged(schema, contents);
  }

  @Test
  void aStaleBackupIsRefusedAndRestoredOnlyWhenExplicitlyAllowed() throws Exception {
    Path backup = accounting.pipelineBackup(work);
    AccountingDatabase.age(backup, 30);
    accounting.applyDestructiveMigration();
    String schema = accounting.schema();
    Map<String, String> contents = accounting.contents();

    RollbackState refused = start(plan(restore(backup, false))).getResult(RollbackState.class);

    assertEquals(RollbackStatus.FAILED, refused.status());
    assertTrue(refused.outcome().contains(DatabaseFailures.BACKUP_STALE), refused.outcome());
    assertUnchanged(schema, contents);

    RollbackState restored = approvedResult(start(plan(restore(backup, true)), ID + "-stale"));
    assertEquals(RollbackStatus.SUCCEEDED, restored.status(), restored.outcome());
    assertTrue(stepDetail(restored, "check backup").contains("stale, explicitly allowed"));
  }

  @Test
  void aRestoreFailingMidwayIsUndoneFromThePreRestoreSnapshotTwiceThenEscalates() throws Exception {
    Path backup = accounting.pipelineBackup(work);
    accounting.applyDestructiveMigration();
    String schema = accounting.schema();
    Map<String, String> contents = accounting.contents();
    accounting.blockRestores(true); // the backup's journal rows are refused half-way

    WorkflowStub stub = start(plan(restore(backup, false)));
    approveBoth(stub);
    RollbackState escalated = awaitState(stub, s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertEquals(schema, accounting.schema());
    assertEquals(contents, accounting.contents());
    assertTrue(Files.exists(maintenanceFile()), "maintenance stays on while escalated");
    assertEquals(
        List.of(ID + "-a1-pre-restore", ID + "-a2-pre-restore"),
        escalated.databaseSnapshots().stream().map(SnapshotManifest::snapshotId).toList());
    assertTrue(
        stepDetail(escalated, "restore backup").startsWith(DatabaseFailures.RESTORE_FAILED),
        stepDetail(escalated, "restore backup"));
    assertEquals(1, incidents.size());
    abort(stub, "restoring by hand");
  }

  @Test
  void aBackupOutsideTheCatalogsBackupDirectoryIsRefusedBeforeAnythingChanges() throws Exception {
    Path elsewhere = Files.createTempDirectory("rewind-not-backups-");
    Path backup = accounting.pipelineBackup(elsewhere);
    accounting.applyDestructiveMigration();
    String schema = accounting.schema();
    Map<String, String> contents = accounting.contents();

    WorkflowStub stub = start(plan(restore(backup, false)));
    RollbackState end =
        awaitState(
            stub,
            s -> s.status() == RollbackStatus.FAILED || s.status() == RollbackStatus.ESCALATED);

    String detail = stepDetail(end, "check backup");
    assertTrue(detail.startsWith("INVALID_VALUE"), detail);
    assertUnchanged(schema, contents);
    if (end.status() == RollbackStatus.ESCALATED) {
      abort(stub, "wrong backup path");
    }
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

  private static BackupRestorePlan restore(Path backup, boolean allowStale) {
    return new BackupRestorePlan(backup.toString(), allowStale, Duration.ofHours(24).toSeconds());
  }

  private RollbackPlan plan(StrategyPlan strategy) {
    return BillingCatalog.plan(catalog, strategy);
  }

  private WorkflowStub start(RollbackPlan plan) {
    return start(plan, ID);
  }

  private WorkflowStub start(RollbackPlan plan, String id) {
    return TestRollbacks.start(env, id, plan);
  }

  /** A DBA and a manager approve through the api: recorded in the ledger, then signalled. */
  private void approveBoth(WorkflowStub stub) {
    stub.signal("approve", ledger.approve("dba", "dana"));
    stub.signal("approve", ledger.approve("manager", "max"));
  }

  private RollbackState approvedResult(WorkflowStub stub) {
    approveBoth(stub);
    return stub.getResult(RollbackState.class);
  }

  private void abort(WorkflowStub stub, String why) {
    OperatorAction action = ledger.act(OperatorAction.ABORT, "oncall", why);
    stub.signal("abort", action);
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
}
