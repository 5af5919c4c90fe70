package dev.rewind.activities.database;

import dev.rewind.workflows.BackupCheck;
import dev.rewind.workflows.DatabaseActivities;
import dev.rewind.workflows.DatabaseTarget;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HostTarget;
import dev.rewind.workflows.SnapshotManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Snapshots, backup checks, restores and verification of a service's PostgreSQL database, run where
 * the catalog says ({@code database.host}): by that host's agent worker, or by the control worker
 * for an ssh host. pg_dump and pg_restore are the PostgreSQL client programs found in {@code
 * bindir} (default: PATH, then Debian's newest {@code /usr/lib/postgresql/<v>/bin}).
 */
public class DatabaseActivitiesImpl implements DatabaseActivities {
  private static final Pattern SNAPSHOT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

  /** The pg_restore options every restore uses (the benchmark runs raw pg_restore with them). */
  public static final List<String> RESTORE_OPTIONS = RestoreDatabase.options();

  private final String agentHost;
  private final Map<String, String> environment;
  private final String bindir;
  private final Clock clock;

  DatabaseActivitiesImpl(
      String agentHost, Map<String, String> environment, String bindir, Clock clock) {
    this.agentHost = agentHost;
    this.environment = Map.copyOf(environment);
    this.bindir = bindir;
    this.clock = clock;
  }

  /** The agent role on {@code host}: databases whose catalog host is this one. */
  public static DatabaseActivitiesImpl agent(String host, Map<String, String> environment) {
    return new DatabaseActivitiesImpl(host, environment, null, Clock.systemUTC());
  }

  /** The control role: databases whose catalog host is reached over ssh. */
  public static DatabaseActivitiesImpl control(Map<String, String> environment) {
    return new DatabaseActivitiesImpl(null, environment, null, Clock.systemUTC());
  }

  /** With the PostgreSQL client programs of {@code bindir} and another clock (tests, bench). */
  public DatabaseActivitiesImpl using(String bindir, Clock clock) {
    return new DatabaseActivitiesImpl(agentHost, environment, bindir, clock);
  }

  @Override
  public SnapshotManifest snapshotDatabase(
      DatabaseTarget db, String snapshotId, String rollbackId, String step) {
    if (snapshotId == null || !SNAPSHOT_ID.matcher(snapshotId).matches()) {
      throw DatabaseFailures.permanent(
          FailureTypes.DATABASE_REJECTED,
          "bad snapshot id " + snapshotId + ": [A-Za-z0-9._-] only");
    }
    DatabaseLogin login = login(db);
    return io(
        () -> new SnapshotDatabase(login, environment, bindir).take(snapshotId, rollbackId, step));
  }

  @Override
  public String restoreDatabase(DatabaseTarget db, String dumpFile, SnapshotManifest expected) {
    return new RestoreDatabase(login(db), environment, bindir).restore(dumpFile, expected);
  }

  @Override
  public BackupCheck checkBackup(
      DatabaseTarget db, String backupFile, Duration maxAge, boolean allowStale) {
    served(db);
    return io(
        () -> new CheckBackup(environment, bindir, clock).check(backupFile, maxAge, allowStale));
  }

  @Override
  public String runSqlChecks(DatabaseTarget db, List<String> verifySql) {
    return SqlChecks.run(login(db), verifySql);
  }

  @Override
  public List<SnapshotManifest> listSnapshots(DatabaseTarget db) {
    served(db);
    return io(() -> Manifests.list(Path.of(db.snapshotDir())));
  }

  @Override
  public List<String> pruneSnapshots(DatabaseTarget db, int keep, Set<String> protectedIds) {
    served(db);
    return io(() -> SnapshotRetention.prune(Path.of(db.snapshotDir()), keep, protectedIds));
  }

  private DatabaseLogin login(DatabaseTarget db) {
    served(db);
    return new DatabaseLogin(db, environment);
  }

  /** A task for another host's database fails at once rather than dumping from the wrong place. */
  private void served(DatabaseTarget db) {
    HostTarget host = db.host();
    boolean ours =
        agentHost == null
            ? HostTarget.SSH.equals(host.transport())
            : !HostTarget.SSH.equals(host.transport()) && host.name().equals(agentHost);
    if (!ours) {
      throw DatabaseFailures.permanent(
          FailureTypes.WRONG_HOST,
          "a database task for host "
              + host.name()
              + " reached "
              + (agentHost == null ? "the control worker" : "the agent of " + agentHost));
    }
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
