package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.TestLedger;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.activities.database.TargetPostgres;
import dev.rewind.activities.health.HealthyEndpoint;
import dev.rewind.activities.rollbacks.BillingCatalog;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflow;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.backup.BackupRestorePlan;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database acceptance with real processes: a backup-restore whose worker is killed with SIGKILL
 * while pg_restore runs. The restore activity's heartbeat times out, a new worker retries it (after
 * ending the restore the dead worker left running), and the rollback ends SUCCEEDED with the
 * backup's data and the one pre-restore snapshot taken before the kill.
 */
@Tag("infra")
class DatabaseRestoreKillEndToEndIT {
  private static final String ID = "rollback-production-billing-20261126100000-kill";
  private static final String HOST = "local";
  private static final long JOURNAL_ROWS = 4_000_000;
  private static final Map<String, String> PASSWORD =
      Map.of(TargetPostgres.PASSWORD_ENV, TargetPostgres.PASSWORD);

  private static DevStack stack;
  private static TargetPostgres pg;
  private static HealthyEndpoint health;
  private static WorkflowServiceStubs service;
  private static WorkerFactory ledgerWorker;
  private static final TestLedger ledger = new TestLedger();
  private static Path work;
  private static boolean passed;

  @BeforeAll
  static void start() throws Exception {
    stack = new DevStack();
    stack.secrets.add("database password", TargetPostgres.PASSWORD);
    work = Files.createTempDirectory("rewind-e2e-restore-kill-");
    health = new HealthyEndpoint();
    pg = new TargetPostgres();
    stack.startTemporal();
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalAddress()).build());
    // The ledger is the api's, which this test does not run: it holds the approvals only.
    ledgerWorker = WorkerFactory.newInstance(stack.client(service));
    ledgerWorker.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger);
    ledgerWorker.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (ledgerWorker != null) {
      ledgerWorker.shutdownNow();
      ledgerWorker.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (service != null) {
      service.shutdownNow();
    }
    if (stack != null) {
      stack.close();
    }
    if (pg != null) {
      pg.close();
    }
    if (health != null) {
      health.close();
    }
    delete(work);
    if (passed && stack != null) {
      delete(stack.dir); // kept, with the worker and Temporal logs, when the test failed
    }
  }

  @Test
  void workerKilledDuringPgRestoreIsRetriedAfterTheHeartbeatTimeoutWithOneSnapshot()
      throws Exception {
    createDatabase();
    Map<String, String> backupContents = contents();
    Path backup = pipelineBackup();
    pg.sql(
        "ALTER TABLE journal DROP COLUMN memo",
        "UPDATE accounts SET balance = balance * 2",
        "DELETE FROM journal WHERE id % 5 = 0",
        "INSERT INTO schema_migrations VALUES ('0003_drop_memo')");
    Path snapshots = Files.createDirectories(work.resolve("snapshots"));
    Files.createDirectories(work.resolve("app"));
    Catalog catalog = TestCatalogs.write(stack.dir, catalogYaml(snapshots));

    Process first = stack.startWorker("worker-1.log", "control,agent", HOST, PASSWORD);
    WorkflowClient client = stack.client(service);
    RollbackPlan plan =
        BillingCatalog.plan(
            catalog,
            new BackupRestorePlan(backup.toString(), false, Duration.ofHours(24).toSeconds()));
    RollbackWorkflow workflow =
        client.newWorkflowStub(
            RollbackWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(TaskQueues.CONTROL)
                .setTypedSearchAttributes(RewindSearchAttributes.initial(plan))
                .build());
    WorkflowClient.start(workflow::rollback, plan);
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.signal("approve", ledger.approve("dba", "dana"));
    stub.signal("approve", ledger.approve("manager", "max"));

    awaitRestoreRunning(stub);
    long killedAt = System.nanoTime();
    Processes.sigkill(first);
    int orphans = restoresRunning(); // the dead worker's pg_restore may still be running
    stack.startWorker("worker-2.log", "control,agent", HOST, PASSWORD);

    RollbackState end = stub.getResult(90, TimeUnit.SECONDS, RollbackState.class);
    long recoveredMs = (System.nanoTime() - killedAt) / 1_000_000;

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.outcome());
    assertEquals(backupContents, contents());
    List<String> manifests;
    try (Stream<Path> files = Files.list(snapshots)) {
      manifests =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".manifest.json"))
              .toList();
    }
    assertEquals(List.of(ID + "-a1-pre-restore.manifest.json"), manifests);
    assertTrue(Files.isRegularFile(snapshots.resolve(ID + "-a1-pre-restore.dump")));
    assertEquals(1, end.attempt(), "one rollback attempt: only the restore step was retried");
    assertEquals(1, end.databaseSnapshots().size());

    HistoryEvent restoreStarted = restoreActivityStarted(client);
    int attempt = restoreStarted.getActivityTaskStartedEventAttributes().getAttempt();
    assertTrue(attempt >= 2, "the restore activity ran again: attempt " + attempt);
    assertEquals(
        TimeoutType.TIMEOUT_TYPE_HEARTBEAT,
        restoreStarted
            .getActivityTaskStartedEventAttributes()
            .getLastFailure()
            .getTimeoutFailureInfo()
            .getTimeoutType(),
        "the retry came from the heartbeat timeout");
    assertTrue(Files.exists(work.resolve("app/RUNNING")));
    assertTrue(!Files.exists(work.resolve("app/MAINTENANCE")));
    end.steps().stream()
        .filter(s -> s.name().equals("restore backup") || s.name().equals("snapshot database"))
        .forEach(s -> System.out.println(s.name() + ": " + s.detail()));
    System.out.printf(
        "restore activity attempt %d; %d orphaned pg_restore session(s) right after the SIGKILL;"
            + " SUCCEEDED %d ms after it%n",
        attempt, orphans, recoveredMs);
    passed = true;
  }

  /** Waits until the workflow is in its restore step and pg_restore has a session on the target. */
  private static void awaitRestoreRunning(WorkflowStub stub) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    RollbackState state = null;
    while (System.nanoTime() < deadline) {
      state = stub.query("state", RollbackState.class);
      assertNotEquals(RollbackStatus.SUCCEEDED, state.status(), "restored before the kill");
      if (state.currentStep() != null
          && state.currentStep().startsWith("restore backup ")
          && restoresRunning() > 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("pg_restore never seen running: " + state);
  }

  /** pg_restore sessions of the restore activity on the target database. */
  private static int restoresRunning() throws SQLException {
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = 'billing'"
                    + " AND application_name = 'rewind-restore' AND state <> 'idle'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** The ActivityTaskStarted event of the restore: Temporal records only the last attempt's. */
  private static HistoryEvent restoreActivityStarted(WorkflowClient client) {
    List<HistoryEvent> events = client.fetchHistory(ID).getEvents();
    Set<Long> restores = new HashSet<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && e.getActivityTaskScheduledEventAttributes()
              .getActivityType()
              .getName()
              .equals("RestoreDatabase")) {
        restores.add(e.getEventId());
      }
    }
    assertEquals(1, restores.size(), "one restore activity scheduled");
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .filter(
            e -> restores.contains(e.getActivityTaskStartedEventAttributes().getScheduledEventId()))
        .findFirst()
        .orElseThrow();
  }

  /** Big enough that pg_restore of its backup takes seconds: a journal of millions of rows. */
  private static void createDatabase() throws SQLException {
    pg.sql(
        "CREATE TABLE schema_migrations (version text PRIMARY KEY)",
        "INSERT INTO schema_migrations VALUES ('0001_initial'), ('0002_add_journal_entry')",
        "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL,"
            + " balance numeric(14,2) NOT NULL)",
        "INSERT INTO accounts SELECT g, 'account ' || g, g % 1000 * 1.5"
            + " FROM generate_series(1, 100000) g",
        "CREATE TABLE journal (id bigint PRIMARY KEY, account_id bigint NOT NULL"
            + " REFERENCES accounts, amount numeric(12,2) NOT NULL, memo text NOT NULL,"
            + " booked date NOT NULL)",
        "INSERT INTO journal SELECT g, 1 + g % 100000, (g % 5000) / 10.0, 'entry ' || g,"
            + " date '2026-01-01' + g % 300 FROM generate_series(1, "
            + JOURNAL_ROWS
            + ") g",
        "CREATE INDEX journal_account ON journal (account_id)",
        "ANALYZE");
  }

  /** Per table: row count and an order-independent sum of the rows' md5s. */
  private static Map<String, String> contents() throws SQLException {
    Map<String, String> sums = new TreeMap<>();
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      for (String table : List.of("accounts", "journal", "schema_migrations")) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*) || ' rows, ' || coalesce(sum(('x' || substr(md5(t::text), 1,"
                    + " 15))::bit(60)::bigint), 0) FROM "
                    + table
                    + " t")) {
          rs.next();
          sums.put(table, rs.getString(1));
        }
      }
    }
    return sums;
  }

  /** The pipeline's backup before the deployment: {@code pg_dump -Fc} and its {@code .sha256}. */
  private static Path pipelineBackup() throws Exception {
    Path file = work.resolve("pre-deploy.dump");
    Processes.run(pg.bindir + "/pg_dump", "-Fc", "-d", pg.conninfo(), "-f", file.toString());
    String sha =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    Files.writeString(work.resolve("pre-deploy.dump.sha256"), sha + "  pre-deploy.dump\n");
    return file;
  }

  /** The billing catalog every process reads ({@link DevStack#catalog}), all on the one host. */
  private static String catalogYaml(Path snapshots) {
    return BillingCatalog.yaml(pg, HOST, HOST, work, snapshots, health.url(), "keepSnapshots: 3");
  }

  private static void delete(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
