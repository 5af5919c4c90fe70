package dev.rewind.workflows.backup;

import dev.rewind.workflows.PlannedStep;
import dev.rewind.workflows.core.Chain;
import dev.rewind.workflows.core.Strategy;
import dev.rewind.workflows.database.BackupCheck;
import dev.rewind.workflows.database.DatabaseSteps;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.workflow.Saga;
import java.util.List;

/**
 * {@code backup-restore} (runbook 001 option 4, runbook 000 steps 1–4): before anything changes,
 * check the backup (exists, matches its {@code .sha256}, young enough unless allowed); then, with
 * the application stopped by the chain, snapshot the current database → restore the backup → verify
 * (row counts against the backup's manifest where it has one, the catalog's SQL checks). The
 * pre-restore snapshot's restore is registered before the backup is restored, so nothing written
 * since the deployment is lost.
 */
public final class BackupRestore implements Strategy {
  static final String SNAPSHOT_STEP = "pre-restore";

  private final Chain chain;
  private final BackupRestorePlan plan;
  private final DatabaseSteps database;
  private BackupCheck backup;

  public BackupRestore(Chain chain, BackupRestorePlan plan) {
    this.chain = chain;
    this.plan = plan;
    this.database = chain.steps() == null ? null : new DatabaseSteps(chain, plan.id().id());
  }

  @Override
  public void check() {
    backup =
        database.checkBackup(plan.backup(), plan.maxBackupAgeSeconds(), plan.allowStaleBackup());
  }

  @Override
  public void change(Saga saga) {
    SnapshotManifest before = database.snapshot(SNAPSHOT_STEP);
    saga.addCompensation(
        () ->
            database.restore(
                "compensate: restore pre-restore snapshot",
                before.file(),
                before,
                DatabaseSteps.UNDO));
    database.restore("restore backup", backup.file(), backup.manifest(), DatabaseSteps.LONG);
    database.runSqlChecks();
  }

  @Override
  public void finish() {
    database.prune();
  }

  @Override
  public List<PlannedStep> outlineChecks() {
    String host = chain.plan().topology().databaseHost().name();
    return List.of(new PlannedStep("check backup", plan.backup(), host, null));
  }

  @Override
  public List<PlannedStep> outline() {
    String host = chain.plan().topology().databaseHost().name();
    return List.of(
        new PlannedStep("snapshot database", "pg_dump", host, null),
        new PlannedStep("restore backup", plan.backup(), host, "restore pre-restore snapshot"),
        new PlannedStep("verify SQL", "catalog checks", host, null));
  }
}
