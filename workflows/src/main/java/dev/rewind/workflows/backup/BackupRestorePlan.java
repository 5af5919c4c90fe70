package dev.rewind.workflows.backup;

import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;

/**
 * {@code backup-restore}: the database is restored from {@code backup}, a {@code pg_dump -Fc} file
 * under the catalog's {@code database.backupDir}, once it is found intact and younger than {@code
 * maxBackupAgeSeconds} (unless {@code allowStaleBackup}).
 */
public record BackupRestorePlan(String backup, boolean allowStaleBackup, long maxBackupAgeSeconds)
    implements StrategyPlan {

  @Override
  public StrategyId id() {
    return StrategyId.BACKUP_RESTORE;
  }

  @Override
  public String describe() {
    return "backup-restore of " + backup;
  }
}
