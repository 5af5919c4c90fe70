package dev.rewind.workflows.migration;

import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import java.util.Map;

/**
 * {@code migration-rollback}: the catalog's {@code database.migrateDown} takes the schema down to
 * {@code targetMigration} (a name the api validated), after a snapshot of the database.
 */
public record MigrationRollbackPlan(String targetMigration) implements StrategyPlan {

  @Override
  public StrategyId id() {
    return StrategyId.MIGRATION_ROLLBACK;
  }

  @Override
  public String describe() {
    return "migration-rollback to " + targetMigration;
  }

  @Override
  public Map<String, String> commandValues() {
    return Map.of("targetMigration", targetMigration);
  }
}
