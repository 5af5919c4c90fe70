package dev.rewind.activities.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.TestActivities;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.database.BackupCheck;
import dev.rewind.workflows.database.DatabaseActivities;
import dev.rewind.workflows.database.DatabaseFailures;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The database activities against a real PostgreSQL target cluster (its own, started for these
 * tests), resolved from a real catalog file and called through Temporal's activity test environment
 * so heartbeats are seen as a worker would send them.
 */
@Tag("infra")
class DatabaseActivitiesImplTest {
  private static final long DAY = Duration.ofHours(24).toSeconds();
  private static TargetPostgres pg;

  private Path root;
  private Path snapshots;
  private Path backups;
  private Catalog catalog;
  private Target db;
  private TestActivityEnvironment env;
  private DatabaseActivities activities;
  private final List<TransferProgress> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = new TargetPostgres();
  }

  @AfterAll
  static void stopPostgres() {
    pg.close();
  }

  @BeforeEach
  void freshDatabase() throws Exception {
    BillingData.create(pg);
    root = Files.createTempDirectory("rewind-db-activities-");
    snapshots = Files.createDirectories(root.resolve("snapshots"));
    backups = Files.createDirectories(root.resolve("backups"));
    catalog = TestCatalogs.write(root.resolve("catalog"), catalogYaml());
    db = target("production", "db");
    activities = stub(DatabaseActivitiesImpl.agent(targets(), "db", pg.workerEnvironment()));
  }

  /**
   * {@code billing production} on agent host {@code db}, the same database with another verify
   * check ({@code strict}), without a backup directory ({@code nobackups}), on a port nothing
   * listens on ({@code down}), on another agent's host ({@code elsewhere}), on an ssh host ({@code
   * overssh}) and dumped and restored by 4 parallel jobs ({@code parallel}).
   */
  private String catalogYaml() {
    String verify =
        "  verify: [\"SELECT count(*) > 0 FROM accounts\", \"SELECT NOT EXISTS (SELECT 1 FROM"
            + " journal WHERE account_id NOT IN (SELECT id FROM accounts))\"]\n";
    return """
        hosts:
          db: { transport: agent }
          other: { transport: agent }
          db-ssh: { transport: ssh, address: "127.0.0.1:22", user: deploy,
                    privateKeyFile: /nonexistent/id, knownHostsFile: /nonexistent/known_hosts }
        services:
          billing:
        """
        + environment("production", "db", backups, verify)
        + environment(
            "strict", "db", backups, "  verify: [\"SELECT count(*) > 1000000 FROM journal\"]\n")
        + environment("nobackups", "db", null, "")
        + environment("down", "db", backups, "").replace(":" + pg.port + "/", ":1/")
        + environment("elsewhere", "other", backups, "")
        + environment("overssh", "db-ssh", backups, "")
        + environment("parallel", "db", backups, "  jobs: 4\n");
  }

  private String environment(String name, String host, Path backupDir, String more) {
    String indent = "        ";
    return "    %s:\n      hosts: [%s]\n      database:\n".formatted(name, host)
        + pg.catalogConnection(indent)
        + indent
        + "host: "
        + host
        + "\n"
        + indent
        + "snapshotDir: "
        + snapshots
        + "\n"
        + indent
        + "keepSnapshots: 2\n"
        + (backupDir == null ? "" : indent + "backupDir: " + backupDir + "\n")
        + (more.isEmpty() ? "" : "      " + more);
  }

  private CatalogTargets targets() {
    return new CatalogTargets(catalog);
  }

  private Target target(String environment, String host) {
    return TestCatalogs.target(catalog, "billing", environment, host);
  }

  @AfterEach
  void cleanUp() throws Exception {
    env.close();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private DatabaseActivities stub(DatabaseActivitiesImpl impl) {
    if (env != null) {
      env.close();
    }
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(impl.using(pg.bindir, Clock.systemUTC()));
    env.setActivityHeartbeatListener(TransferProgress.class, heartbeats::add);
    return TestActivities.once(env, DatabaseActivities.class, Duration.ofMinutes(5));
  }

  @Test
  void snapshotWritesDumpAndManifestWithExactRowCountsAndSha256() throws Exception {
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-1-a1-snapshot", "rb-1", "snapshot");

    Path dump = snapshots.resolve("rb-1-a1-snapshot.dump");
    assertEquals(dump.toString(), m.file());
    assertEquals(
        Map.of("public.accounts", 30000L, "public.journal", 100000L, "public.postings", 50000L),
        m.rowCounts());
    assertEquals(sha256sum(dump), m.sha256());
    assertEquals(Files.size(dump), m.sizeBytes());
    assertTrue(m.serverVersion().startsWith("15"), m.serverVersion());
    assertEquals("billing", m.database());
    assertEquals("rb-1", m.rollbackId());
    assertEquals(m, Manifests.read(snapshots.resolve("rb-1-a1-snapshot.manifest.json")));
    assertEquals(List.of("rb-1-a1-snapshot.dump", "rb-1-a1-snapshot.manifest.json"), files());
  }

  @Test
  void heartbeatsCarryTheBytesWritten() {
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-hb", "rb", "snapshot");

    // The SDK throttles heartbeats and drops the pending one when the activity completes, so the
    // last one seen may be any of them: each carries the bytes written so far, never more.
    List<Long> dumped =
        heartbeats.stream()
            .filter(h -> h.phase().startsWith("pg_dump billing"))
            .map(TransferProgress::bytes)
            .toList();
    assertFalse(dumped.isEmpty(), "no pg_dump heartbeat: " + heartbeats);
    assertTrue(dumped.stream().allMatch(b -> b > 0 && b <= m.sizeBytes()), dumped.toString());
    assertEquals(dumped.stream().sorted().toList(), dumped, "bytes written never go back");
  }

  @Test
  void snapshotTakenTwiceWithTheSameIdIsTakenOnce() throws Exception {
    SnapshotManifest first = activities.snapshotDatabase(db, "rb-2-a1-snapshot", "rb-2", "s");
    FileTime written = Files.getLastModifiedTime(Path.of(first.file()));
    pg.sql("INSERT INTO accounts VALUES (999999, 'after', 1, null)");

    SnapshotManifest again = activities.snapshotDatabase(db, "rb-2-a1-snapshot", "rb-2", "s");

    assertEquals(first, again);
    assertEquals(written, Files.getLastModifiedTime(Path.of(first.file())));
    assertEquals(List.of("rb-2-a1-snapshot.dump", "rb-2-a1-snapshot.manifest.json"), files());
  }

  @Test
  void temporaryDumpsAKilledAttemptLeftAreRemovedByTheNextRunOfThatSnapshotOnly() throws Exception {
    // Left by a worker killed while pg_dump wrote (twice), and being written right now by live
    // workers for other snapshots: one of another rollback, one whose id starts with this one's.
    Files.write(snapshots.resolve("rb-4-a1-snapshot.dump.tmp-0badc0de"), new byte[4096]);
    Files.write(snapshots.resolve("rb-4-a1-snapshot.dump.tmp-deadbeef"), new byte[16]);
    Files.write(snapshots.resolve("rb-5-a1-snapshot.dump.tmp-12345678"), new byte[4096]);
    Files.write(snapshots.resolve("rb-4-a1-snapshot-b.dump.tmp-12345678"), new byte[4096]);

    activities.snapshotDatabase(db, "rb-4-a1-snapshot", "rb-4", "s");

    assertEquals(
        List.of(
            "rb-4-a1-snapshot-b.dump.tmp-12345678",
            "rb-4-a1-snapshot.dump",
            "rb-4-a1-snapshot.manifest.json",
            "rb-5-a1-snapshot.dump.tmp-12345678"),
        files());
  }

  @Test
  void aTemporaryDumpBesideAFinishedSnapshotIsRemovedWhenTheSnapshotIsAskedForAgain()
      throws Exception {
    SnapshotManifest first = activities.snapshotDatabase(db, "rb-6-a1-snapshot", "rb-6", "s");
    Files.write(snapshots.resolve("rb-6-a1-snapshot.dump.tmp-abcdef01"), new byte[16]);

    SnapshotManifest again = activities.snapshotDatabase(db, "rb-6-a1-snapshot", "rb-6", "s");

    assertEquals(first, again);
    assertEquals(List.of("rb-6-a1-snapshot.dump", "rb-6-a1-snapshot.manifest.json"), files());
  }

  @Test
  void snapshotWhoseFileNoLongerMatchesItsManifestIsTakenAgain() throws Exception {
    SnapshotManifest first = activities.snapshotDatabase(db, "rb-3", "rb-3", "s");
    Files.write(Path.of(first.file()), new byte[] {1, 2, 3});

    SnapshotManifest again = activities.snapshotDatabase(db, "rb-3", "rb-3", "s");

    assertEquals(first.rowCounts(), again.rowCounts());
    assertEquals(sha256sum(Path.of(again.file())), again.sha256());
  }

  @Test
  void restoreAfterADestructiveChangeBringsBackEveryTableExactly() throws Exception {
    Map<String, String> before = BillingData.contents(pg);
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-4", "rb-4", "snapshot");
    BillingData.destroy(pg);
    assertNotEquals(before, BillingData.contents(pg));

    String detail = activities.restoreDatabase(db, m.file(), m);

    assertEquals(before, BillingData.contents(pg));
    assertTrue(detail.contains("row counts of 3 tables (180000 rows) match manifest rb-4"), detail);
    assertTrue(heartbeats.stream().anyMatch(h -> h.phase().startsWith("pg_restore")));
  }

  @Test
  void restoringTheSameSnapshotTwiceLeavesTheSameState() throws Exception {
    Map<String, String> before = BillingData.contents(pg);
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-5", "rb-5", "snapshot");
    BillingData.destroy(pg);

    activities.restoreDatabase(db, m.file(), m);
    activities.restoreDatabase(db, m.file(), m);

    assertEquals(before, BillingData.contents(pg));
  }

  @Test
  void rowCountsThatDifferFromTheManifestFailTheRestore() throws Exception {
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-6", "rb-6", "snapshot");
    Map<String, Long> wrong = new java.util.TreeMap<>(m.rowCounts());
    wrong.put("public.journal", 100001L);
    SnapshotManifest lying =
        new SnapshotManifest(
            m.snapshotId(),
            m.file(),
            m.sha256(),
            m.sizeBytes(),
            m.database(),
            m.serverVersion(),
            m.takenAt(),
            m.rollbackId(),
            m.step(),
            wrong);

    ApplicationFailure f = failure(() -> activities.restoreDatabase(db, m.file(), lying));

    assertEquals(DatabaseFailures.ROW_COUNT_MISMATCH, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(
        f.getOriginalMessage().contains("public.journal=100000 rows, expected 100001"),
        f.getOriginalMessage());
  }

  @Test
  void aRestoreThatFailsMidwayLeavesTheDataAsItWas() throws Exception {
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-7", "rb-7", "snapshot");
    BillingData.destroy(pg);
    Map<String, String> broken = BillingData.contents(pg);
    // The table of contents is intact, the data ends early: pg_restore fails in the data phase.
    Path truncated = snapshots.resolve("truncated.dump");
    byte[] all = Files.readAllBytes(Path.of(m.file()));
    Files.write(truncated, java.util.Arrays.copyOf(all, all.length * 6 / 10));

    ApplicationFailure f = failure(() -> activities.restoreDatabase(db, truncated.toString(), m));

    assertEquals(DatabaseFailures.RESTORE_FAILED, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("rolled back"), f.getOriginalMessage());
    assertEquals(broken, BillingData.contents(pg));
  }

  @Test
  void aRestoreKilledMidwayLeavesTheDataAsItWasAndIsReported() throws Exception {
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-8", "rb-8", "snapshot");
    BillingData.destroy(pg);
    Map<String, String> broken = BillingData.contents(pg);
    heartbeats.clear();

    CompletableFuture<String> restore;
    try (Connection gate = pg.connect();
        Statement st = gate.createStatement()) {
      // Postings' check waits for the gate: the restore stops after accounts' and journal's data.
      st.execute("SELECT pg_advisory_lock(" + BillingData.GATE + ")");
      restore = CompletableFuture.supplyAsync(() -> activities.restoreDatabase(db, m.file(), m));
      await(
          () ->
              "advisory"
                  .equals(
                      pg.value(
                          "SELECT max(wait_event) FROM pg_stat_activity WHERE application_name = 'rewind-restore'")));
      await(
          () ->
              heartbeats.stream()
                  .anyMatch(h -> h.phase().startsWith("pg_restore") && h.bytes() > 0));

      List<ProcessHandle> restores =
          ProcessHandle.current()
              .descendants()
              .filter(p -> p.info().command().orElse("").endsWith("/pg_restore"))
              .toList();
      assertEquals(1, restores.size());
      restores.get(0).destroyForcibly();
      restores.get(0).onExit().get(10, TimeUnit.SECONDS);
    }

    ExecutionException e = assertThrows(ExecutionException.class, restore::get);
    ApplicationFailure f = applicationFailure(e);
    assertEquals(DatabaseErrors.TOOL_INTERRUPTED, f.getType());
    assertTrue(f.getOriginalMessage().contains("killed by signal 9"), f.getOriginalMessage());
    await(
        () ->
            "0"
                .equals(
                    pg.value(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'rewind-restore'")));
    assertEquals(broken, BillingData.contents(pg));
  }

  @Test
  void aCancelledRestoreKillsPgRestoreAndLeavesTheDataAsItWas() throws Exception {
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-10", "rb-10", "snapshot");
    BillingData.destroy(pg);
    Map<String, String> broken = BillingData.contents(pg);

    CompletableFuture<String> restore;
    try (Connection gate = pg.connect();
        Statement st = gate.createStatement()) {
      st.execute("SELECT pg_advisory_lock(" + BillingData.GATE + ")");
      restore = CompletableFuture.supplyAsync(() -> activities.restoreDatabase(db, m.file(), m));
      await(
          () ->
              "advisory"
                  .equals(
                      pg.value(
                          "SELECT max(wait_event) FROM pg_stat_activity"
                              + " WHERE application_name = 'rewind-restore'")));

      // An abort: the next heartbeat tells the activity, which kills pg_restore itself.
      env.requestCancelActivity();

      assertThrows(ExecutionException.class, () -> restore.get(30, TimeUnit.SECONDS));
      await(
          () ->
              ProcessHandle.current()
                  .descendants()
                  .noneMatch(p -> p.info().command().orElse("").endsWith("/pg_restore")));
    }
    await(
        () ->
            "0"
                .equals(
                    pg.value(
                        "SELECT count(*) FROM pg_stat_activity"
                            + " WHERE application_name = 'rewind-restore'")));
    assertEquals(broken, BillingData.contents(pg));
  }

  @Test
  void aBackupWithItsChecksumIsAccepted() throws Exception {
    Path backup = backupWithChecksum();

    BackupCheck check = activities.checkBackup(db, backup.toString(), DAY, false);

    assertEquals(sha256sum(backup), check.sha256());
    assertTrue(check.checksumVerified());
    assertFalse(check.stale());
    assertNull(check.manifest());
  }

  @Test
  void aRewindSnapshotUsedAsBackupBringsItsManifest() throws Exception {
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-9", "rb-9", "snapshot");
    Path backup = Files.copy(Path.of(m.file()), backups.resolve("rb-9.dump"));
    Files.copy(snapshots.resolve("rb-9.manifest.json"), backups.resolve("rb-9.manifest.json"));

    BackupCheck check = activities.checkBackup(db, backup.toString(), DAY, false);

    assertEquals(m, check.manifest());
    assertFalse(check.checksumVerified());
  }

  @Test
  void aCorruptBackupIsRefused() throws Exception {
    Path backup = backupWithChecksum();
    byte[] bytes = Files.readAllBytes(backup);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(backup, bytes);

    ApplicationFailure f = failure(() -> activities.checkBackup(db, backup.toString(), DAY, false));

    assertEquals(DatabaseFailures.BACKUP_CORRUPT, f.getType());
    assertTrue(f.isNonRetryable());
  }

  @Test
  void aFileThatIsNoDumpIsRefusedAsCorrupt() throws Exception {
    Path junk = Files.writeString(backups.resolve("junk.dump"), "not a dump\n");

    ApplicationFailure f = failure(() -> activities.checkBackup(db, junk.toString(), DAY, false));

    assertEquals(DatabaseFailures.BACKUP_CORRUPT, f.getType());
  }

  @Test
  void aStaleBackupIsRefusedUnlessExplicitlyAllowed() throws Exception {
    Path backup = backupWithChecksum();
    Files.setLastModifiedTime(backup, FileTime.from(Instant.now().minus(Duration.ofHours(30))));

    ApplicationFailure f = failure(() -> activities.checkBackup(db, backup.toString(), DAY, false));
    BackupCheck allowed = activities.checkBackup(db, backup.toString(), DAY, true);

    assertEquals(DatabaseFailures.BACKUP_STALE, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(allowed.stale());
    assertTrue(allowed.ageSeconds() >= 30 * 3600 - 60);
  }

  @Test
  void aMissingBackupIsRefused() {
    ApplicationFailure f =
        failure(
            () -> activities.checkBackup(db, backups.resolve("nope.dump").toString(), DAY, false));

    assertEquals(DatabaseFailures.BACKUP_NOT_FOUND, f.getType());
  }

  @Test
  void verifyChecksAreTheCatalogsAndMustEachReturnTrue() {
    assertEquals("2 verify check(s) returned true", activities.runSqlChecks(db));

    ApplicationFailure f = failure(() -> activities.runSqlChecks(target("strict", "db")));

    assertEquals(DatabaseFailures.VERIFY_FAILED, f.getType());
    assertTrue(f.getOriginalMessage().contains("1000000"), f.getOriginalMessage());
  }

  @Test
  void snapshotsAreListedNewestFirstAndPrunedKeepingTheNewestAndTheProtected() throws Exception {
    for (String id : List.of("old-1", "old-2", "mid", "new")) {
      activities.snapshotDatabase(db, id, "rb-" + id, "snapshot");
    }

    assertEquals(
        List.of("new", "mid", "old-2", "old-1"),
        activities.listSnapshots(db).stream().map(SnapshotManifest::snapshotId).toList());
    assertEquals(List.of("old-2"), activities.pruneSnapshots(db, Set.of("rb-old-1")));
    assertEquals(
        List.of("new", "mid", "old-1"),
        activities.listSnapshots(db).stream().map(SnapshotManifest::snapshotId).toList());
    assertFalse(Files.exists(snapshots.resolve("old-2.dump")));
    assertEquals(List.of(), activities.pruneSnapshots(db, Set.of("rb-old-1")));
  }

  @Test
  void aWrongPasswordIsRefusedWithoutRetrying() {
    Map<String, String> wrong = new java.util.HashMap<>(pg.workerEnvironment());
    wrong.put(TargetPostgres.PASSWORD_ENV, "not-the-password");
    DatabaseActivities refused = stub(DatabaseActivitiesImpl.agent(targets(), "db", wrong));

    ApplicationFailure f = failure(() -> refused.snapshotDatabase(db, "rb-pw", "rb", "s"));

    assertEquals(DatabaseFailures.DATABASE_REJECTED, f.getType());
    assertTrue(f.isNonRetryable());
  }

  @Test
  void anUnreachableDatabaseIsRetried() {
    Target down = target("down", "db");

    ApplicationFailure f = failure(() -> activities.snapshotDatabase(down, "rb-down", "rb", "s"));

    assertEquals(DatabaseErrors.DATABASE_UNREACHABLE, f.getType());
    assertFalse(f.isNonRetryable());
  }

  @Test
  void aTaskForAnotherHostsDatabaseIsRefused() throws Exception {
    Target elsewhere = target("elsewhere", "other");

    ApplicationFailure f = failure(() -> activities.snapshotDatabase(elsewhere, "x", "rb", "s"));

    assertEquals(FailureTypes.WRONG_HOST, f.getType());
    assertEquals(List.of(), files());
  }

  @Test
  void theControlWorkerServesDatabasesOnSshHostsOnly() throws Exception {
    DatabaseActivities control =
        stub(DatabaseActivitiesImpl.control(targets(), pg.workerEnvironment()));
    Target overSsh = target("overssh", "db-ssh");

    assertEquals(3, control.snapshotDatabase(overSsh, "ssh-1", "rb", "s").rowCounts().size());
    assertEquals(
        FailureTypes.WRONG_HOST,
        failure(() -> control.snapshotDatabase(db, "agent-1", "rb", "s")).getType());
  }

  @Test
  void aServiceTheCatalogDoesNotKnowIsNeitherDumpedNorRestored() throws Exception {
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-11", "rb-11", "snapshot");
    BillingData.destroy(pg);
    Map<String, String> broken = BillingData.contents(pg);
    Target unknown = new Target("payroll", "production", "db", "agent", db.catalogDigest());

    ApplicationFailure snapshot =
        failure(() -> activities.snapshotDatabase(unknown, "rb-12", "rb-12", "snapshot"));
    ApplicationFailure restore = failure(() -> activities.restoreDatabase(unknown, m.file(), m));

    assertEquals(FailureTypes.NOT_IN_CATALOG, snapshot.getType());
    assertEquals(FailureTypes.NOT_IN_CATALOG, restore.getType());
    assertTrue(restore.isNonRetryable());
    assertEquals(broken, BillingData.contents(pg));
    assertEquals(List.of("rb-11.dump", "rb-11.manifest.json"), files());
  }

  @Test
  void aPlanFromAnotherCatalogRestoresNothing() throws Exception {
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-13", "rb-13", "snapshot");
    BillingData.destroy(pg);
    Map<String, String> broken = BillingData.contents(pg);

    ApplicationFailure f =
        failure(() -> activities.restoreDatabase(TestCatalogs.drifted(db), m.file(), m));

    assertEquals(FailureTypes.CATALOG_DRIFT, f.getType());
    assertEquals(broken, BillingData.contents(pg));
  }

  @Test
  void aDumpOutsideTheSnapshotAndBackupDirectoriesIsNeverRestored() throws Exception {
    SnapshotManifest m = activities.snapshotDatabase(db, "rb-14", "rb-14", "snapshot");
    Path elsewhere = Files.createDirectories(root.resolve("elsewhere")).resolve("rb-14.dump");
    Files.copy(Path.of(m.file()), elsewhere);
    BillingData.destroy(pg);
    Map<String, String> broken = BillingData.contents(pg);

    ApplicationFailure outside =
        failure(() -> activities.restoreDatabase(db, elsewhere.toString(), m));
    ApplicationFailure climbing =
        failure(() -> activities.restoreDatabase(db, snapshots + "/../elsewhere/rb-14.dump", m));

    assertEquals(FailureTypes.INVALID_VALUE, outside.getType());
    assertTrue(outside.isNonRetryable());
    assertEquals(FailureTypes.INVALID_VALUE, climbing.getType());
    assertEquals(broken, BillingData.contents(pg));
  }

  @Test
  void aBackupOutsideTheBackupDirectoryIsRefusedUnread() throws Exception {
    Path backup = backupWithChecksum();
    Path outside = Files.copy(backup, root.resolve("billing-v2.dump"));

    ApplicationFailure f =
        failure(() -> activities.checkBackup(db, outside.toString(), DAY, false));
    ApplicationFailure climbing =
        failure(() -> activities.checkBackup(db, backups + "/../billing-v2.dump", DAY, false));
    ApplicationFailure snapshot =
        failure(
            () ->
                activities.checkBackup(
                    db, activities.snapshotDatabase(db, "s", "rb", "s").file(), DAY, false));

    assertEquals(FailureTypes.INVALID_VALUE, f.getType());
    assertTrue(f.isNonRetryable());
    assertEquals(FailureTypes.INVALID_VALUE, climbing.getType());
    assertEquals(FailureTypes.INVALID_VALUE, snapshot.getType());
  }

  @Test
  void withoutABackupDirectoryNoBackupIsRestored() throws Exception {
    Path backup = backupWithChecksum();

    ApplicationFailure f =
        failure(
            () -> activities.checkBackup(target("nobackups", "db"), backup.toString(), DAY, false));

    assertEquals(FailureTypes.INVALID_VALUE, f.getType());
    assertTrue(f.getOriginalMessage().contains("database.backupDir"), f.getOriginalMessage());
  }

  @Test
  void aSnapshotIdThatIsNotOneWritesNothing() throws Exception {
    ApplicationFailure f = failure(() -> activities.snapshotDatabase(db, "../x", "rb", "s"));

    assertEquals(FailureTypes.INVALID_VALUE, f.getType());
    assertEquals(List.of(), files());
  }

  @Test
  void aParallelSnapshotIsADirectoryDumpRestoredInParallelExactly() throws Exception {
    Target parallel = target("parallel", "db");
    Map<String, String> before = BillingData.contents(pg);

    SnapshotManifest m = activities.snapshotDatabase(parallel, "rb-p1", "rb-p1", "snapshot");
    BillingData.destroy(pg);
    String detail = activities.restoreDatabase(parallel, m.file(), m);

    Path dump = snapshots.resolve("rb-p1.dump");
    assertEquals(dump.toString(), m.file());
    assertTrue(Files.isRegularFile(dump.resolve("toc.dat")), "a directory-format dump");
    assertEquals(directorySha256sum(dump), m.sha256());
    assertEquals(directorySize(dump), m.sizeBytes());
    assertEquals(
        Map.of("public.accounts", 30000L, "public.journal", 100000L, "public.postings", 50000L),
        m.rowCounts());
    assertEquals(List.of("rb-p1.dump", "rb-p1.manifest.json"), files());
    assertEquals(before, BillingData.contents(pg));
    assertTrue(detail.contains("row counts of 3 tables (180000 rows) match manifest"), detail);
  }

  @Test
  void aParallelSnapshotRunsFourDumpJobsOnTheExportedSnapshot() throws Exception {
    Target parallel = target("parallel", "db");
    List<String> dumps = new CopyOnWriteArrayList<>();
    CompletableFuture<SnapshotManifest> snapshot;
    try (Connection gate = pg.connect();
        Statement st = gate.createStatement()) {
      // pg_dump waits for this lock after the snapshot was exported: the dump is held open.
      gate.setAutoCommit(false);
      st.execute("LOCK TABLE postings IN ACCESS EXCLUSIVE MODE");
      snapshot =
          CompletableFuture.supplyAsync(
              () -> activities.snapshotDatabase(parallel, "rb-p2", "rb-p2", "snapshot"));
      await(
          () -> {
            ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/pg_dump"))
                .forEach(
                    p -> dumps.add(String.join(" ", p.info().arguments().orElse(new String[0]))));
            return !dumps.isEmpty();
          });
      // Rows written while the dump runs are in neither the dump nor the manifest.
      pg.sql("INSERT INTO accounts VALUES (999999, 'during', 1, null)");
      gate.rollback();
    }
    SnapshotManifest m = snapshot.get(60, TimeUnit.SECONDS);

    assertTrue(dumps.get(0).contains("--format=directory --jobs=4 --snapshot="), dumps.get(0));
    assertEquals(30000L, m.rowCounts().get("public.accounts"));
    BillingData.destroy(pg);
    activities.restoreDatabase(parallel, m.file(), m);
    assertEquals("30000", pg.value("SELECT count(*) FROM accounts"));
  }

  @Test
  void aPipelinesCustomFormatBackupIsRestoredInParallelToo() throws Exception {
    Map<String, String> before = BillingData.contents(pg);
    Path backup = backupWithChecksum();
    BillingData.destroy(pg);
    Target parallel = target("parallel", "db");

    BackupCheck check = activities.checkBackup(parallel, backup.toString(), DAY, false);
    activities.restoreDatabase(parallel, check.file(), null);

    assertEquals(before, BillingData.contents(pg));
  }

  @Test
  void aParallelRestoreThatFailsMidwaySaysTheDatabaseIsPartlyRestored() throws Exception {
    Target parallel = target("parallel", "db");
    SnapshotManifest m = activities.snapshotDatabase(parallel, "rb-p3", "rb-p3", "snapshot");
    // journal's data file cut short: its COPY fails after the objects were dropped and recreated.
    Path broken = copyTree(Path.of(m.file()), snapshots.resolve("broken.dump"));
    Path data = largestDataFile(broken);
    byte[] all = Files.readAllBytes(data);
    Files.write(data, java.util.Arrays.copyOf(all, all.length / 2));

    ApplicationFailure f =
        failure(() -> activities.restoreDatabase(parallel, broken.toString(), null));

    assertEquals(DatabaseFailures.RESTORE_FAILED, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(
        f.getOriginalMessage().contains("-j 4, not one transaction: the database is left partly"),
        f.getOriginalMessage());
  }

  @Test
  void aCorruptDirectoryDumpIsRefusedAndOneThatNoLongerMatchesItsManifestIsTakenAgain()
      throws Exception {
    Target parallel = target("parallel", "db");
    SnapshotManifest m = activities.snapshotDatabase(parallel, "rb-p4", "rb-p4", "snapshot");
    Path backup = copyTree(Path.of(m.file()), backups.resolve("rb-p4.dump"));
    Files.copy(snapshots.resolve("rb-p4.manifest.json"), backups.resolve("rb-p4.manifest.json"));
    assertEquals(m, activities.checkBackup(parallel, backup.toString(), DAY, false).manifest());
    Path data = largestDataFile(backup);
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(data, bytes);
    Files.write(largestDataFile(Path.of(m.file())), bytes);

    ApplicationFailure f =
        failure(() -> activities.checkBackup(parallel, backup.toString(), DAY, false));
    SnapshotManifest again = activities.snapshotDatabase(parallel, "rb-p4", "rb-p4", "snapshot");

    assertEquals(DatabaseFailures.BACKUP_CORRUPT, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("its manifest says"), f.getOriginalMessage());
    assertNotEquals(m.takenAt(), again.takenAt());
    assertEquals(directorySha256sum(Path.of(again.file())), again.sha256());
  }

  @Test
  void temporaryDirectoriesAKilledParallelDumpLeftAreRemovedByTheNextRunOfThatSnapshotOnly()
      throws Exception {
    Path leftover = Files.createDirectories(snapshots.resolve("rb-p5.dump.tmp-0badc0de"));
    Files.write(leftover.resolve("toc.dat"), new byte[4096]);
    Files.write(leftover.resolve("3421.dat.gz"), new byte[4096]);
    Path live = Files.createDirectories(snapshots.resolve("rb-p6.dump.tmp-12345678"));
    Files.write(live.resolve("toc.dat"), new byte[16]);

    activities.snapshotDatabase(target("parallel", "db"), "rb-p5", "rb-p5", "s");

    assertEquals(List.of("rb-p5.dump", "rb-p5.manifest.json", "rb-p6.dump.tmp-12345678"), files());
  }

  @Test
  void directorySnapshotsAreListedAndPrunedWhole() throws Exception {
    Target parallel = target("parallel", "db");
    for (String id : List.of("p-old", "p-mid", "p-new")) {
      activities.snapshotDatabase(parallel, id, "rb-" + id, "snapshot");
    }

    assertEquals(
        List.of("p-new", "p-mid", "p-old"),
        activities.listSnapshots(parallel).stream().map(SnapshotManifest::snapshotId).toList());
    assertEquals(List.of("p-old"), activities.pruneSnapshots(parallel, Set.of()));
    assertEquals(
        List.of("p-mid.dump", "p-mid.manifest.json", "p-new.dump", "p-new.manifest.json"), files());
  }

  /** {@code sha256sum} over a directory dump: the digest of its files' lines, in name order. */
  private static String directorySha256sum(Path dir) throws Exception {
    Process p =
        new ProcessBuilder(
                "sh", "-c", "cd \"$1\" && LC_ALL=C sha256sum * | sha256sum", "sh", dir.toString())
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out.substring(0, 64);
  }

  private static long directorySize(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path f : (Iterable<Path>) files::iterator) {
        total += Files.size(f);
      }
      return total;
    }
  }

  private static Path copyTree(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  /** The biggest table's data file of a directory dump (journal's). */
  private static Path largestDataFile(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> !f.getFileName().toString().equals("toc.dat"))
          .max(java.util.Comparator.comparingLong(f -> f.toFile().length()))
          .orElseThrow();
    }
  }

  /** The pipeline's backup: a dump in the catalog's backup directory, with its .sha256. */
  private Path backupWithChecksum() throws Exception {
    SnapshotManifest m = activities.snapshotDatabase(db, "pipeline", "none", "backup");
    Path backup = backups.resolve("billing-v2.dump");
    Files.copy(Path.of(m.file()), backup);
    Files.writeString(
        backups.resolve("billing-v2.dump.sha256"), sha256sum(backup) + "  billing-v2.dump\n");
    return backup;
  }

  private List<String> files() throws Exception {
    try (Stream<Path> list = Files.list(snapshots)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String sha256sum(Path file) throws Exception {
    Process p = new ProcessBuilder("sha256sum", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out.substring(0, 64);
  }

  private static ApplicationFailure failure(Executable call) {
    return TestActivities.failureOf(call);
  }

  private static ApplicationFailure applicationFailure(Throwable e) {
    return TestActivities.applicationFailure(e);
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition condition) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.holds()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not met within 30s");
      }
      Thread.sleep(50);
    }
  }
}
