package dev.rewind.api.rollbacks;

import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.Approval;
import dev.rewind.workflows.CodeRevertMode;
import dev.rewind.workflows.CodeTarget;
import dev.rewind.workflows.DatabaseTarget;
import dev.rewind.workflows.HostTarget;
import dev.rewind.workflows.MaintenanceMode;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RolloutPolicy;
import java.util.List;
import java.util.Set;

/**
 * Plans {@code migration-rollback} and {@code backup-restore}: the catalog's database (its password
 * only named by {@code passwordEnv}, never read here: the plan is kept in workflow history), the
 * host where pg_dump and pg_restore run, the application hosts with their stop, start and
 * maintenance commands, and the approvals to wait for ({@code approvals.required}, by default a DBA
 * and a manager). Request values reach commands only through {@code {targetMigration}}, {@code
 * {version}} and {@code {gitSha}}, after validation.
 */
final class DatabasePlanner {
  static final String MIGRATION_ROLLBACK = "migration-rollback";
  static final String BACKUP_RESTORE = "backup-restore";
  static final Set<String> STRATEGIES = Set.of(MIGRATION_ROLLBACK, BACKUP_RESTORE);
  static final List<String> DEFAULT_APPROVALS = List.of(Approval.DBA, Approval.MANAGER);
  private static final java.util.regex.Pattern BACKUP =
      java.util.regex.Pattern.compile(RollbackRequest.BACKUP);

  private final Catalog catalog;

  DatabasePlanner(Catalog catalog) {
    this.catalog = catalog;
  }

  /** {@code targetMigration}, {@code backup} and {@code allowStaleBackup} belong to one each. */
  static void refuseDatabaseFields(RollbackRequest request, List<FieldProblem> problems) {
    if (request.targetMigration() != null && !MIGRATION_ROLLBACK.equals(request.strategy())) {
      problems.add(
          new FieldProblem("targetMigration", "is only for strategy " + MIGRATION_ROLLBACK));
    }
    if (request.backup() != null && !BACKUP_RESTORE.equals(request.strategy())) {
      problems.add(new FieldProblem("backup", "is only for strategy " + BACKUP_RESTORE));
    }
    if (request.allowStaleBackup() != null && !BACKUP_RESTORE.equals(request.strategy())) {
      problems.add(new FieldProblem("allowStaleBackup", "is only for strategy " + BACKUP_RESTORE));
    }
  }

  /**
   * The versions, the known-good commit (migration-rollback's optional code revert; null: none) and
   * the backup recorded with the current deployment, resolved by the caller from the registry.
   */
  record Target(String from, String to, String gitSha, String recordedBackup) {}

  RollbackPlan plan(
      RollbackRequest request,
      String requestedBy,
      ServiceEnvironment env,
      List<FieldProblem> problems,
      Target target) {
    String strategy = request.strategy();
    refuseDatabaseFields(request, problems);
    if (!MIGRATION_ROLLBACK.equals(strategy)) {
      CodeRevertPlanner.refuseCodeFields(request, problems);
    }
    String where = " in services." + request.service() + "." + request.environment();
    if (env != null && problems.isEmpty()) {
      if (env.database() == null) {
        problems.add(new FieldProblem("strategy", strategy + " needs a database section" + where));
      } else if (env.code() == null || env.code().stop() == null || env.code().start() == null) {
        problems.add(
            new FieldProblem(
                "strategy",
                strategy
                    + " stops the application first: it needs code.stop and code.start"
                    + where));
      } else if (MIGRATION_ROLLBACK.equals(strategy) && env.database().migrateDown() == null) {
        problems.add(
            new FieldProblem("strategy", strategy + " needs database.migrateDown" + where));
      }
    }
    if (MIGRATION_ROLLBACK.equals(strategy) && request.targetMigration() == null) {
      problems.add(new FieldProblem("targetMigration", "is required: the migration to go down to"));
    }
    String backup = null;
    if (BACKUP_RESTORE.equals(strategy) && problems.isEmpty()) {
      backup = request.backup() != null ? request.backup() : target.recordedBackup();
      if (backup == null) {
        problems.add(
            new FieldProblem(
                "backup",
                "is required: the registry has no backup recorded with the current deployment"
                    + " of "
                    + request.service()
                    + " "
                    + request.environment()));
      } else if (!BACKUP.matcher(backup).matches()) {
        problems.add(
            new FieldProblem(
                "backup",
                "the backup recorded with the current deployment, "
                    + backup
                    + ", "
                    + RollbackRequest.BACKUP_MESSAGE));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    Fill fill = new Fill(target.to(), target.gitSha(), request.targetMigration(), problems);
    ServiceEnvironment.Database db = env.database();
    ServiceEnvironment.Code c = env.code();
    ServiceEnvironment.Maintenance m = env.maintenance();
    boolean revertCode = MIGRATION_ROLLBACK.equals(strategy) && target.gitSha() != null;
    RollbackPlan plan =
        new RollbackPlan(
            request.service(),
            request.environment(),
            strategy,
            target.from(),
            target.to(),
            request.reason().strip(),
            requestedBy,
            null,
            RollbackPlanner.health(env.health()),
            env.escalation().contacts(),
            RollbackPlanner.RENOTIFY_MINUTES,
            env.hosts().stream().map(this::host).toList(),
            new RolloutPolicy(env.rollout().maxParallel(), env.rollout().canaryFirst()),
            new CodeTarget(
                c.gitDir(), fill.argv(c.stop()), fill.argv(c.start()), fill.argv(c.reinstall())),
            m == null
                ? null
                : new MaintenanceMode(fill.argv(m.on()), fill.argv(m.off()), m.expectStatus()),
            revertCode ? target.gitSha().toLowerCase() : null,
            revertCode ? (request.mode() == null ? CodeRevertMode.REVERT : request.mode()) : null,
            new DatabaseTarget(
                host(db.host() != null ? db.host() : env.hosts().get(0)),
                db.url(),
                db.user(),
                db.passwordEnv(),
                db.snapshotDir(),
                db.keepSnapshots(),
                db.maxBackupAge(),
                // backup-restore never runs it: kept as the catalog has it
                MIGRATION_ROLLBACK.equals(strategy)
                    ? fill.argv(db.migrateDown())
                    : db.migrateDown(),
                db.verify()),
            request.targetMigration(),
            backup,
            request.allowsStaleBackup(),
            env.approvals() != null ? env.approvals().required() : DEFAULT_APPROVALS,
            RollbackPlan.DEFAULT_APPROVAL_TIMEOUT_MINUTES);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return plan;
  }

  /** The request's validated values in the catalog's placeholders; {@code {host}} stays. */
  private record Fill(
      String version, String gitSha, String targetMigration, List<FieldProblem> problems) {
    List<String> argv(List<String> argv) {
      if (argv == null) {
        return null;
      }
      List<String> filled =
          argv.stream()
              .map(a -> a.replace("{version}", version))
              .map(a -> gitSha == null ? a : a.replace("{gitSha}", gitSha))
              .map(
                  a ->
                      targetMigration == null ? a : a.replace("{targetMigration}", targetMigration))
              .toList();
      String shown = String.join(" ", argv);
      if (filled.stream().anyMatch(a -> a.contains("{gitSha}"))) {
        problems.add(
            new FieldProblem("gitSha", "is required: the catalog's " + shown + " uses it"));
      }
      if (filled.stream().anyMatch(a -> a.contains("{targetMigration}"))) {
        problems.add(
            new FieldProblem("strategy", "the catalog's " + shown + " uses {targetMigration}"));
      }
      return filled;
    }
  }

  private HostTarget host(String name) {
    return catalog.host(name).orElseThrow().target();
  }
}
