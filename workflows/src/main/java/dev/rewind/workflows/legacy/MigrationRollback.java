package dev.rewind.workflows.legacy;

import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.workflow.Saga;
import java.time.Duration;
import java.util.List;

/**
 * {@code migration-rollback} (runbook 001 option 3): approvals → maintenance on → stop the
 * application → snapshot the database → the catalog's {@code migrateDown} to the target migration →
 * (code revert, when the plan has a known-good commit) → start → verify health → maintenance off.
 * The snapshot's restore is registered before the migration runs, so a failure puts schema and data
 * back exactly; maintenance stays on until an attempt succeeds.
 */
final class MigrationRollback implements Strategy {
  static final String ID = "migration-rollback";
  static final String SNAPSHOT_STEP = "pre-migrate-down";

  private final RollbackPlan plan;
  private final StepJournal journal;
  private final ApprovalGate approvals;
  private final HostSteps steps;
  private final ServiceHosts hosts;
  private final DatabaseSteps database;

  MigrationRollback(
      RollbackPlan plan,
      String rollbackId,
      StepJournal journal,
      ApprovalGate approvals,
      DatabaseSteps.Taken snapshots) {
    DatabaseSteps.require(plan.database() != null, ID, "a database");
    DatabaseSteps.require(
        plan.database().migrateDown() != null && plan.targetMigration() != null,
        ID,
        "database.migrateDown and a targetMigration");
    DatabaseSteps.require(plan.code() != null, ID, "the code section's stop and start");
    this.plan = plan;
    this.journal = journal;
    this.approvals = approvals;
    this.steps = new HostSteps(journal, plan.health());
    this.hosts = new ServiceHosts(plan, steps);
    this.database = new DatabaseSteps(plan.database(), rollbackId, journal, snapshots);
  }

  @Override
  public void runAttempt(Saga saga) {
    approvals.await(plan.approvals(), Duration.ofMinutes(plan.approvalTimeout()));
    hosts.maintenanceOn();
    saga.addCompensation(hosts::startAgain);
    hosts.stop();
    SnapshotManifest before = database.snapshot(SNAPSHOT_STEP);
    saga.addCompensation(
        () ->
            database.restore(
                "compensate: restore snapshot", before.file(), before, DatabaseSteps.UNDO));
    migrateDown();
    if (plan.code() != null && plan.gitSha() != null) {
      new CodeRevert(plan, journal).revertWithoutRestart(saga);
    }
    hosts.start();
    hosts.verifyHealth();
    hosts.maintenanceOff();
    database.prune();
  }

  /** The catalog's migrate-down command, run where the database's tools run. */
  private void migrateDown() {
    DatabaseTarget db = database.target();
    List<String> argv =
        db.migrateDown().stream()
            .map(a -> a.replace("{targetMigration}", plan.targetMigration()))
            .map(a -> a.replace("{version}", plan.toVersion()))
            .toList();
    String workDir = plan.code() == null ? null : db.host().fill(plan.code().gitDir());
    steps.command("migrate down", db.host(), argv, workDir, HostSteps.STEP);
  }
}
