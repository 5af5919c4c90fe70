package dev.rewind.workflows;

import dev.rewind.workflows.backup.BackupRestore;
import dev.rewind.workflows.backup.BackupRestorePlan;
import dev.rewind.workflows.code.CodeRevert;
import dev.rewind.workflows.code.CodeRevertPlan;
import dev.rewind.workflows.config.ConfigRestore;
import dev.rewind.workflows.config.ConfigRestorePlan;
import dev.rewind.workflows.container.ContainerRevert;
import dev.rewind.workflows.container.ContainerRevertPlan;
import dev.rewind.workflows.core.Chain;
import dev.rewind.workflows.core.Strategy;
import dev.rewind.workflows.flags.FeatureFlag;
import dev.rewind.workflows.flags.FeatureFlagPlan;
import dev.rewind.workflows.migration.MigrationRollback;
import dev.rewind.workflows.migration.MigrationRollbackPlan;
import java.util.List;

/** The one place that maps a strategy's plan to its workflow-side class. */
final class Strategies {
  private Strategies() {}

  static List<Strategy> of(Chain chain) {
    return chain.plan().strategies().stream().map(p -> of(chain, p)).toList();
  }

  private static Strategy of(Chain chain, StrategyPlan plan) {
    return switch (plan.id()) {
      case CONTAINER_REVERT -> new ContainerRevert(chain, (ContainerRevertPlan) plan);
      case CODE_REVERT -> new CodeRevert(chain, (CodeRevertPlan) plan);
      case MIGRATION_ROLLBACK -> new MigrationRollback(chain, (MigrationRollbackPlan) plan);
      case BACKUP_RESTORE -> new BackupRestore(chain, (BackupRestorePlan) plan);
      case CONFIG_RESTORE -> new ConfigRestore(chain, (ConfigRestorePlan) plan);
      case FEATURE_FLAG -> new FeatureFlag(chain, (FeatureFlagPlan) plan);
    };
  }
}
