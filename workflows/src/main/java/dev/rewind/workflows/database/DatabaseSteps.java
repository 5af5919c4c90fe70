package dev.rewind.workflows.database;

import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.core.Chain;
import dev.rewind.workflows.core.StepJournal;
import dev.rewind.workflows.core.Steps;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The database steps {@code migration-rollback} and {@code backup-restore} share: snapshot the
 * current database (a deterministic id per rollback, attempt and step, so a retried step finds its
 * own finished snapshot), restore a dump, run the catalog's checks, prune old snapshots. They run
 * where the catalog's database host is served; dumps and restores heartbeat, so a crashed worker's
 * step is retried within seconds.
 */
public final class DatabaseSteps {
  /** Dumps and restores: long, heartbeating every few seconds. */
  public static final ActivityOptions LONG =
      ActivityOptions.newBuilder(Steps.STEP).setStartToCloseTimeout(Duration.ofHours(2)).build();

  /** Putting the snapshot back must get through: it retries for longer than steps do. */
  public static final ActivityOptions UNDO =
      ActivityOptions.newBuilder(Steps.UNDO).setStartToCloseTimeout(Duration.ofHours(2)).build();

  private final Chain chain;
  private final Target on;

  public DatabaseSteps(Chain chain, String strategy) {
    HostRef host = chain.plan().topology().databaseHost();
    if (host == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          strategy + " needs the service's database in its plan", FailureTypes.INVALID_PLAN);
    }
    this.chain = chain;
    this.on = Target.of(chain.plan(), host);
  }

  public Target target() {
    return on;
  }

  /** {@code <rollbackId>-a<attempt>-<step>}: the same id when the step is retried. */
  String snapshotId(String step) {
    return chain.rollbackId() + "-a" + chain.journal().attempt() + "-" + step;
  }

  public SnapshotManifest snapshot(String step) {
    String id = snapshotId(step);
    SnapshotManifest taken =
        run(
                "snapshot database",
                "pg_dump → snapshot " + id,
                LONG,
                db -> {
                  SnapshotManifest m = db.snapshotDatabase(on, id, chain.rollbackId(), step);
                  return new Described<>(m, m.describe());
                })
            .value();
    chain.taken().databases.add(taken);
    return taken;
  }

  /** Restores {@code file}, verifying the row counts against {@code expected} when given. */
  public void restore(
      String name, String file, SnapshotManifest expected, ActivityOptions options) {
    run(name, "pg_restore ← " + file, options, db -> db.restoreDatabase(on, file, expected));
  }

  public BackupCheck checkBackup(String file, long maxAgeSeconds, boolean allowStale) {
    return run(
            "check backup",
            file,
            Steps.STEP,
            db -> {
              BackupCheck c = db.checkBackup(on, file, maxAgeSeconds, allowStale);
              return new Described<>(c, describe(c));
            })
        .value();
  }

  /** The catalog's {@code verify} SQL (the worker notes when it declares none). */
  public void runSqlChecks() {
    run("verify SQL", "catalog checks", Steps.STEP, db -> db.runSqlChecks(on));
  }

  /**
   * Keeps the catalog's number of newest snapshots, never this rollback's own. A failure here is
   * noted, not allowed to fail a rollback that did its job.
   */
  public void prune() {
    Set<String> own = new HashSet<>();
    chain.taken().databases.forEach(s -> own.add(s.snapshotId()));
    own.add(chain.rollbackId());
    try {
      run(
          "prune snapshots",
          "keep the catalog's newest",
          Steps.STEP,
          db -> {
            List<String> deleted = db.pruneSnapshots(on, own);
            chain.taken().pruned.addAll(deleted);
            return deleted.isEmpty() ? "none deleted" : "deleted " + String.join(", ", deleted);
          });
    } catch (TemporalFailure e) {
      if (StepJournal.isCanceled(e)) {
        throw e;
      }
      Workflow.getLogger(DatabaseSteps.class).warn("pruning failed: {}", e.getMessage());
    }
  }

  private <T> T run(
      String name, String object, ActivityOptions options, Function<DatabaseActivities, T> call) {
    return chain.steps().run(name, object, DatabaseActivities.class, on, options, call);
  }

  private static String describe(BackupCheck c) {
    long hours = c.ageSeconds() / 3600;
    return c.file()
        + ": "
        + (c.checksumVerified() ? "sha256 matches .sha256" : "no .sha256 beside it")
        + ", "
        + hours
        + " h old"
        + (c.stale() ? " (stale, explicitly allowed)" : "")
        + (c.manifest() == null ? ", no manifest" : ", manifest with row counts");
  }

  /** A step's result and the detail the journal shows for it. */
  private record Described<T>(T value, String detail) implements StepJournal.Detailed {}
}
