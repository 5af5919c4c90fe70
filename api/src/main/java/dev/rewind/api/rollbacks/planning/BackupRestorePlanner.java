package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.SafeValues;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import dev.rewind.workflows.backup.BackupRestorePlan;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code backup-restore}: the request's {@code backup}, or else the one the registry recorded with
 * the deployment rolled back from, restored once found intact and younger than the catalog's {@code
 * database.maxBackupAge} (24 h unless the catalog says otherwise) or {@code allowStaleBackup}. The
 * backup must lie under the catalog's {@code database.backupDir}, wherever it came from.
 */
@Component
class BackupRestorePlanner implements StrategyPlanner {

  @Override
  public StrategyId id() {
    return StrategyId.BACKUP_RESTORE;
  }

  @Override
  public Set<String> fields() {
    return Set.of("backup", "allowStaleBackup");
  }

  @Override
  public void checkCatalog(ServiceEnvironment env, CatalogProblems problems) {
    if (DatabaseSections.check(id(), env, problems) && env.database().backupDir() == null) {
      problems.lacks(id(), "database.backupDir (where the backups it may restore are)");
    }
  }

  @Override
  public StrategyPlan plan(Planning planning, List<FieldProblem> problems) {
    RollbackRequest request = planning.request();
    String backup =
        planning.requestedOrRecorded(
            "backup",
            request.backup(),
            planning.current(),
            Deployment::backup,
            SafeValues::isBackupPath,
            SafeValues.BACKUP_MESSAGE,
            problems);
    String source = request.backup() != null ? "the request's backup" : "the recorded backup";
    if (backup == null) {
      problems.add(
          new FieldProblem(
              "backup",
              "is required: the registry has no backup recorded with the current deployment of "
                  + request.service()
                  + " "
                  + request.environment()));
      return null;
    }
    ServiceEnvironment.Database db = planning.env().database();
    if (SafeValues.isBackupPath(backup) && !SafeValues.isUnder(db.backupDir(), backup)) {
      problems.add(
          new FieldProblem(
              "backup",
              source
                  + ", "
                  + backup
                  + ", is not under the catalog's database.backupDir "
                  + db.backupDir()));
    }
    return new BackupRestorePlan(
        backup, request.allowsStaleBackup(), db.maxBackupAge().toSeconds());
  }
}
