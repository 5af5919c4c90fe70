package dev.rewind.workflows.migration;

import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.PlannedStep;
import dev.rewind.workflows.core.Chain;
import dev.rewind.workflows.core.Steps;
import dev.rewind.workflows.core.Strategy;
import dev.rewind.workflows.database.DatabaseSteps;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.workflow.Saga;
import java.util.List;

/**
 * {@code migration-rollback} (runbook 001 option 3): with the application stopped by the chain,
 * snapshot the database → the catalog's {@code migrateDown} to the target migration, run where the
 * database's tools run. The snapshot's restore is registered before the migration runs, so a
 * failure puts schema and data back exactly.
 */
public final class MigrationRollback implements Strategy {
  static final String SNAPSHOT_STEP = "pre-migrate-down";

  private final Chain chain;
  private final MigrationRollbackPlan plan;
  private final DatabaseSteps database;

  public MigrationRollback(Chain chain, MigrationRollbackPlan plan) {
    this.chain = chain;
    this.plan = plan;
    this.database = chain.steps() == null ? null : new DatabaseSteps(chain, plan.id().id());
  }

  @Override
  public void change(Saga saga) {
    SnapshotManifest before = database.snapshot(SNAPSHOT_STEP);
    saga.addCompensation(
        () ->
            database.restore(
                "compensate: restore snapshot", before.file(), before, DatabaseSteps.UNDO));
    chain.hosts().command(database.target(), HostCommand.MIGRATE_DOWN, Steps.STEP);
  }

  @Override
  public void finish() {
    database.prune();
  }

  @Override
  public List<PlannedStep> outline() {
    String host = chain.plan().topology().databaseHost().name();
    return List.of(
        new PlannedStep("snapshot database", "pg_dump", host, null),
        new PlannedStep("migrate down", "to " + plan.targetMigration(), host, "restore snapshot"));
  }
}
