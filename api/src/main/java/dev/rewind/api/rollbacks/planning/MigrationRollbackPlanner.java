package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.SafeValues;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import dev.rewind.workflows.migration.MigrationRollbackPlan;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code migration-rollback}: the catalog's {@code database.migrateDown} takes the schema down to
 * {@code targetMigration}, the request's or else the migration the registry recorded with the
 * target version.
 */
@Component
class MigrationRollbackPlanner implements StrategyPlanner {

  @Override
  public StrategyId id() {
    return StrategyId.MIGRATION_ROLLBACK;
  }

  @Override
  public Set<String> fields() {
    return Set.of("targetMigration");
  }

  @Override
  public void checkCatalog(ServiceEnvironment env, CatalogProblems problems) {
    if (DatabaseSections.check(id(), env, problems) && env.database().migrateDown() == null) {
      problems.lacks(id(), "database.migrateDown");
    }
  }

  @Override
  public StrategyPlan plan(Planning planning, List<FieldProblem> problems) {
    String migration =
        planning.requestedOrRecorded(
            "targetMigration",
            planning.request().targetMigration(),
            planning.target(),
            Deployment::migration,
            SafeValues::isVersion,
            SafeValues.MIGRATION_MESSAGE,
            problems);
    if (migration == null) {
      problems.add(
          new FieldProblem(
              "targetMigration",
              "is required: the migration to go down to ("
                  + planning.targetEntry()
                  + " has none)"));
      return null;
    }
    return new MigrationRollbackPlan(migration);
  }
}
