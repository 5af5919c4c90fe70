package dev.rewind.workflows;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rewind.workflows.backup.BackupRestorePlan;
import dev.rewind.workflows.code.CodeRevertPlan;
import dev.rewind.workflows.config.ConfigRestorePlan;
import dev.rewind.workflows.container.ContainerRevertPlan;
import dev.rewind.workflows.flags.FeatureFlagPlan;
import dev.rewind.workflows.migration.MigrationRollbackPlan;
import java.util.Arrays;
import java.util.Optional;

/**
 * The strategies Rewind runs, by the id the API uses, each with the record its plan is. Adding a
 * strategy adds a constant here, its package, and its planner in the api.
 */
public enum StrategyId {
  CONTAINER_REVERT("container-revert", ContainerRevertPlan.class, false),
  CODE_REVERT("code-revert", CodeRevertPlan.class, false),
  MIGRATION_ROLLBACK("migration-rollback", MigrationRollbackPlan.class, true),
  BACKUP_RESTORE("backup-restore", BackupRestorePlan.class, true),
  CONFIG_RESTORE("config-restore", ConfigRestorePlan.class, false),
  FEATURE_FLAG("feature-flag", FeatureFlagPlan.class, false);

  private final String id;
  private final Class<? extends StrategyPlan> planType;
  private final boolean database;

  StrategyId(String id, Class<? extends StrategyPlan> planType, boolean database) {
    this.id = id;
    this.planType = planType;
    this.database = database;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public Class<? extends StrategyPlan> planType() {
    return planType;
  }

  /**
   * A database strategy: no application host may write while it runs, so a chain holding one stops
   * the application on every host once, before its first change, and starts it once at the end.
   */
  public boolean touchesDatabase() {
    return database;
  }

  public static Optional<StrategyId> find(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
  }

  @JsonCreator
  static StrategyId fromJson(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("unknown strategy " + id));
  }

  @Override
  public String toString() {
    return id;
  }
}
