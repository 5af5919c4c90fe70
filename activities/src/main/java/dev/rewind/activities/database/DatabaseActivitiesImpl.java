package dev.rewind.activities.database;

import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.DatabaseTarget;
import dev.rewind.activities.catalog.HostTarget;
import dev.rewind.activities.catalog.PlanValues;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.database.BackupCheck;
import dev.rewind.workflows.database.DatabaseActivities;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Snapshots, backup checks, restores and verification of a service's PostgreSQL database, run where
 * the worker's catalog says ({@code database.host}): by that host's agent worker, or by the control
 * worker for an ssh host. The URL, user, password variable, directories and verify SQL come from
 * the catalog ({@link CatalogTargets}); files named by the plan must lie under the catalog's
 * directories. pg_dump and pg_restore are the PostgreSQL client programs found in {@code bindir}
 * (default: Debian's newest {@code /usr/lib/postgresql/<v>/bin}, then PATH).
 */
public class DatabaseActivitiesImpl implements DatabaseActivities {
  /**
   * The pg_restore options every restore with {@code jobs} parallel jobs (the catalog's {@code
   * database.jobs}) uses; the benchmark runs raw pg_restore with them.
   */
  public static List<String> restoreOptions(int jobs) {
    return RestoreDatabase.options(jobs);
  }

  private final CatalogTargets targets;
  private final String agentHost;
  private final Map<String, String> environment;
  private final String bindir;
  private final Clock clock;

  DatabaseActivitiesImpl(
      CatalogTargets targets,
      String agentHost,
      Map<String, String> environment,
      String bindir,
      Clock clock) {
    this.targets = targets;
    this.agentHost = agentHost;
    this.environment = Map.copyOf(environment);
    this.bindir = bindir;
    this.clock = clock;
  }

  /** The agent role on {@code host}: databases whose catalog host is this one. */
  public static DatabaseActivitiesImpl agent(
      CatalogTargets targets, String host, Map<String, String> environment) {
    return new DatabaseActivitiesImpl(targets, host, environment, null, Clock.systemUTC());
  }

  /** The control role: databases whose catalog host is reached over ssh. */
  public static DatabaseActivitiesImpl control(
      CatalogTargets targets, Map<String, String> environment) {
    return new DatabaseActivitiesImpl(targets, null, environment, null, Clock.systemUTC());
  }

  /** With the PostgreSQL client programs of {@code bindir} and another clock (tests, bench). */
  public DatabaseActivitiesImpl using(String bindir, Clock clock) {
    return new DatabaseActivitiesImpl(targets, agentHost, environment, bindir, clock);
  }

  @Override
  public SnapshotManifest snapshotDatabase(
      Target target, String snapshotId, String rollbackId, String step) {
    DatabaseTarget db = served(target);
    String id = PlanValues.snapshotId(snapshotId);
    DatabaseLogin login = new DatabaseLogin(db, environment);
    return io(() -> new SnapshotDatabase(login, environment, bindir).take(id, rollbackId, step));
  }

  @Override
  public String restoreDatabase(Target target, String dumpFile, SnapshotManifest expected) {
    DatabaseTarget db = served(target);
    Path dump = PlanValues.confined("dump file", dumpFile, db.snapshotDir(), db.backupDir());
    return new RestoreDatabase(new DatabaseLogin(db, environment), environment, bindir)
        .restore(dump.toString(), expected);
  }

  @Override
  public BackupCheck checkBackup(
      Target target, String backupFile, long maxAgeSeconds, boolean allowStale) {
    DatabaseTarget db = served(target);
    if (db.backupDir() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "backup-restore needs database.backupDir in the catalog for "
              + target.service()
              + " "
              + target.environment()
              + ": no backup may be restored without it; nothing was run",
          FailureTypes.INVALID_VALUE);
    }
    Path backup = PlanValues.confined("backup file", backupFile, db.backupDir());
    Duration maxAge = maxAge(maxAgeSeconds, db.maxBackupAge());
    return io(
        () ->
            new CheckBackup(environment, bindir, clock)
                .check(backup.toString(), maxAge, allowStale));
  }

  @Override
  public String runSqlChecks(Target target) {
    DatabaseTarget db = served(target);
    return SqlChecks.run(new DatabaseLogin(db, environment), db.verify());
  }

  @Override
  public List<SnapshotManifest> listSnapshots(Target target) {
    DatabaseTarget db = served(target);
    return io(() -> Manifests.list(Path.of(db.snapshotDir())));
  }

  @Override
  public List<String> pruneSnapshots(Target target, Set<String> protectedIds) {
    DatabaseTarget db = served(target);
    Set<String> kept = protectedIds == null ? Set.of() : protectedIds;
    return io(() -> SnapshotRetention.prune(Path.of(db.snapshotDir()), db.keepSnapshots(), kept));
  }

  /** The plan's allowed age, never more than the catalog's {@code maxBackupAge}. */
  private static Duration maxAge(long planSeconds, Duration catalog) {
    if (planSeconds <= 0) {
      return catalog;
    }
    Duration plan = Duration.ofSeconds(planSeconds);
    return catalog == null || plan.compareTo(catalog) < 0 ? plan : catalog;
  }

  /**
   * The catalog's database of the target, when this worker serves its host: a task for another
   * host's database fails at once rather than dumping from the wrong place.
   */
  private DatabaseTarget served(Target target) {
    DatabaseTarget db = targets.database(target);
    HostTarget host = db.host();
    boolean ours = agentHost == null ? host.ssh() : !host.ssh() && host.name().equals(agentHost);
    if (!ours) {
      throw Failures.permanent(
          FailureTypes.WRONG_HOST,
          "a database task for host "
              + host.name()
              + " reached "
              + (agentHost == null ? "the control worker" : "the agent of " + agentHost));
    }
    return db;
  }

  private interface IoStep<T> {
    T run() throws IOException;
  }

  private static <T> T io(IoStep<T> step) {
    try {
      return step.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
