package dev.rewind.workflows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Plans, manifests and backups shared by the database strategy tests. */
final class DatabaseFixtures {
  static final String ID = "rollback-production-billing-api-20261126093000-db12";
  static final HostTarget APP = HostTarget.agent("a");
  static final HostTarget DB_HOST = HostTarget.agent("db");
  static final String BACKUP = "/var/backups/billing/deploy-v1.5.3.dump";
  static final MaintenanceMode MAINTENANCE =
      new MaintenanceMode(List.of("touch", "/srv/MAINT"), List.of("rm", "-f", "/srv/MAINT"), null);
  static final CodeTarget CODE =
      new CodeTarget(
          "/srv/billing",
          List.of("svc", "stop", "billing"),
          List.of("svc", "start", "billing"),
          null);
  static final DatabaseTarget DB =
      new DatabaseTarget(
          DB_HOST,
          "jdbc:postgresql://127.0.0.1:5432/billing",
          "billing",
          "BILLING_DB_PASSWORD",
          "/var/backups/rewind/billing",
          10,
          Duration.ofHours(24),
          List.of("migrate", "accounting", "{targetMigration}"),
          List.of("SELECT count(*) > 0 FROM accounting_journal"));

  private DatabaseFixtures() {}

  static RollbackPlan migrationRollback(String gitSha) {
    return plan(MigrationRollback.ID, gitSha, "0002_add_journal_entry", null);
  }

  static RollbackPlan backupRestore() {
    return plan(BackupRestore.ID, null, null, BACKUP);
  }

  private static RollbackPlan plan(
      String strategy, String gitSha, String targetMigration, String backup) {
    return new RollbackPlan(
        "billing-api",
        "production",
        strategy,
        "v1.5.3",
        "v1.5.2",
        "migration 0003 broke the journal",
        "pipeline",
        null,
        new HealthCheck("http://127.0.0.1:18080/health", 200, 30),
        List.of("https://hooks.example/rewind"),
        15,
        List.of(APP),
        RolloutPolicy.ONE_AT_A_TIME,
        CODE,
        MAINTENANCE,
        gitSha,
        gitSha == null ? null : CodeRevertMode.REVERT,
        DB,
        targetMigration,
        backup,
        false,
        List.of(Approval.DBA, Approval.MANAGER),
        30);
  }

  static String snapshotId(int attempt, String step) {
    return ID + "-a" + attempt + "-" + step;
  }

  static SnapshotManifest manifest(String snapshotId) {
    return new SnapshotManifest(
        snapshotId,
        DB.snapshotDir() + "/" + snapshotId + ".dump",
        "ab".repeat(32),
        12_300_000,
        "billing",
        "15.18",
        Instant.parse("2026-11-26T09:30:00Z"),
        ID,
        "step",
        Map.of("public.accounting_journal", 100_000L, "public.accounts", 250L));
  }

  static BackupCheck backupCheck() {
    return new BackupCheck(
        BACKUP,
        "cd".repeat(32),
        11_000_000,
        Instant.parse("2026-11-26T07:00:00Z"),
        9000,
        true,
        false,
        manifest("deploy-v1.5.3"));
  }
}
