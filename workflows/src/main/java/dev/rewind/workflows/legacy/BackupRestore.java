package dev.rewind.workflows.legacy;

import dev.rewind.workflows.database.BackupCheck;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.workflow.Saga;
import java.time.Duration;
import java.util.List;

/**
 * {@code backup-restore} (runbook 001 option 4, runbook 000 steps 1–4 and 9): check the backup
 * (exists, matches its {@code .sha256}, younger than {@code maxBackupAge} unless allowed) →
 * approvals → maintenance on → stop → snapshot the current database → restore the backup → verify
 * (row counts against the backup's manifest where it has one, the catalog's SQL checks) → start →
 * verify health → maintenance off. The pre-restore snapshot's restore is registered before the
 * backup is restored, so nothing written since the deployment is lost; maintenance stays on until
 * an attempt succeeds, also when the rollback escalates.
 */
final class BackupRestore implements Strategy {
  static final String ID = "backup-restore";
  static final String SNAPSHOT_STEP = "pre-restore";

  /** A backup refused by its check: nothing was changed, and another attempt would not help. */
  static final List<String> REFUSALS =
      List.of(
          FailureTypes.BACKUP_NOT_FOUND, FailureTypes.BACKUP_CORRUPT, FailureTypes.BACKUP_STALE);

  private final RollbackPlan plan;
  private final ApprovalGate approvals;
  private final ServiceHosts hosts;
  private final DatabaseSteps database;

  BackupRestore(
      RollbackPlan plan,
      String rollbackId,
      StepJournal journal,
      ApprovalGate approvals,
      DatabaseSteps.Taken snapshots) {
    DatabaseSteps.require(plan.database() != null, ID, "a database");
    DatabaseSteps.require(plan.backup() != null, ID, "a backup");
    DatabaseSteps.require(plan.code() != null, ID, "the code section's stop and start");
    this.plan = plan;
    this.approvals = approvals;
    this.hosts = new ServiceHosts(plan, new HostSteps(journal, plan.health()));
    this.database = new DatabaseSteps(plan.database(), rollbackId, journal, snapshots);
  }

  @Override
  public void runAttempt(Saga saga) {
    BackupCheck backup = database.checkBackup(plan.backup(), plan.allowStaleBackup());
    approvals.await(plan.approvals(), Duration.ofMinutes(plan.approvalTimeout()));
    hosts.maintenanceOn();
    saga.addCompensation(hosts::startAgain);
    hosts.stop();
    SnapshotManifest before = database.snapshot(SNAPSHOT_STEP);
    saga.addCompensation(
        () ->
            database.restore(
                "compensate: restore pre-restore snapshot",
                before.file(),
                before,
                DatabaseSteps.UNDO));
    database.restore("restore backup", backup.file(), backup.manifest(), DatabaseSteps.STEP);
    database.runSqlChecks();
    hosts.start();
    hosts.verifyHealth();
    hosts.maintenanceOff();
    database.prune();
  }
}
