package dev.rewind.workflows.config;

import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;

/**
 * {@code config-restore}: the catalog's configuration files on every host of the service become
 * those of the backup set {@code <config.backupDir>/<backupSet>/} (the target version, or the
 * request's {@code configBackup}), validated, then reloaded — or, with {@code restart} (the
 * catalog's {@code config.restart}), the service stopped and started.
 */
public record ConfigRestorePlan(String backupSet, boolean restart) implements StrategyPlan {

  @Override
  public StrategyId id() {
    return StrategyId.CONFIG_RESTORE;
  }

  @Override
  public String describe() {
    return "config-restore of set " + backupSet + (restart ? " (restart)" : "");
  }
}
