package dev.rewind.workflows.legacy;

import dev.rewind.workflows.core.Steps;
import dev.rewind.workflows.database.BackupCheck;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The database steps {@code migration-rollback} and {@code backup-restore} share: snapshot the
 * current database (a deterministic id per rollback, attempt and step, so a retried step finds its
 * own finished snapshot), restore a dump, run the catalog's checks, prune old snapshots. They run
 * on the database host's queue ({@link DatabaseTarget#taskQueue()}); dumps and restores heartbeat,
 * so a crashed worker's step is retried within seconds.
 */
final class DatabaseSteps {
  static final ActivityOptions STEP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofHours(2))
          .setHeartbeatTimeout(Steps.HEARTBEAT)
          .setRetryOptions(StepRetries.TRANSIENT)
          .build();

  /** Putting the snapshot back must get through: it retries for longer than steps do. */
  static final ActivityOptions UNDO =
      ActivityOptions.newBuilder(STEP).setRetryOptions(StepRetries.UNDO).build();

  private final DatabaseTarget db;
  private final String rollbackId;
  private final StepJournal journal;
  private final List<SnapshotManifest> snapshots;
  private final List<String> pruned;

  /** The workflow's record of the snapshots this rollback took and the older ones it pruned. */
  record Taken(List<SnapshotManifest> snapshots, List<String> pruned) {}

  /** A plan the api would never make: failed at once instead of a workflow task retried forever. */
  static void require(boolean ok, String strategy, String what) {
    if (!ok) {
      throw ApplicationFailure.newNonRetryableFailure(
          strategy + " needs " + what + " in its plan", INVALID_PLAN);
    }
  }

  static final String INVALID_PLAN = "InvalidPlan";

  DatabaseSteps(DatabaseTarget db, String rollbackId, StepJournal journal, Taken taken) {
    this.db = db;
    this.rollbackId = rollbackId;
    this.journal = journal;
    this.snapshots = taken.snapshots();
    this.pruned = taken.pruned();
  }

  DatabaseTarget target() {
    return db;
  }

  /** {@code <rollbackId>-a<attempt>-<step>}: the same id when the step is retried. */
  String snapshotId(String step) {
    return rollbackId + "-a" + journal.attempt() + "-" + step;
  }

  SnapshotManifest snapshot(String step) {
    String id = snapshotId(step);
    SnapshotManifest taken =
        journal
            .run(
                "snapshot database",
                db.databaseName() + " → " + id,
                () -> {
                  SnapshotManifest m =
                      stub(STEP, "pg_dump " + db.databaseName() + " → snapshot " + id)
                          .snapshotDatabase(db, id, rollbackId, step);
                  return new Described<>(m, m.describe());
                })
            .value();
    snapshots.add(taken);
    return taken;
  }

  /** Restores {@code file}, verifying the row counts against {@code expected} when given. */
  void restore(String name, String file, SnapshotManifest expected, ActivityOptions options) {
    journal.run(
        name,
        db.databaseName() + " ← " + file,
        () ->
            stub(options, "pg_restore " + file + " → " + db.databaseName())
                .restoreDatabase(db, file, expected));
  }

  BackupCheck checkBackup(String file, boolean allowStale) {
    Duration maxAge = db.maxBackupAge() == null ? Duration.ofHours(24) : db.maxBackupAge();
    return journal
        .run(
            "check backup",
            file,
            () -> {
              BackupCheck c =
                  stub(STEP, "check backup " + file).checkBackup(db, file, maxAge, allowStale);
              return new Described<>(c, describe(c));
            })
        .value();
  }

  /** The catalog's {@code verify} SQL; noted when it declares none. */
  void runSqlChecks() {
    if (db.verify() == null || db.verify().isEmpty()) {
      journal.note("verify SQL", db.databaseName(), "no verify SQL in the catalog");
      return;
    }
    journal.run(
        "verify SQL",
        db.databaseName() + ": " + db.verify().size() + " check(s)",
        () -> stub(STEP, "verify SQL on " + db.databaseName()).runSqlChecks(db, db.verify()));
  }

  /**
   * Keeps the newest {@code keepSnapshots}, never this rollback's own. A failure here is noted, not
   * allowed to fail a rollback that did its job.
   */
  void prune() {
    Set<String> own = new HashSet<>();
    snapshots.forEach(s -> own.add(s.snapshotId()));
    int keep = Math.max(1, db.keepSnapshots());
    try {
      journal.run(
          "prune snapshots",
          db.snapshotDir() + " (keep " + keep + ")",
          () -> {
            List<String> deleted =
                stub(STEP, "prune snapshots of " + db.databaseName()).pruneSnapshots(db, keep, own);
            pruned.addAll(deleted);
            return deleted.isEmpty() ? "none deleted" : "deleted " + String.join(", ", deleted);
          });
    } catch (TemporalFailure e) {
      if (StepJournal.isCanceled(e)) {
        throw e;
      }
      Workflow.getLogger(DatabaseSteps.class).warn("pruning failed: {}", e.getMessage());
    }
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

  private DatabaseActivities stub(ActivityOptions options, String summary) {
    String via = HostTarget.SSH.equals(db.host().transport()) ? " (control worker)" : "";
    return Workflow.newActivityStub(
        DatabaseActivities.class,
        ActivityOptions.newBuilder(options)
            .setTaskQueue(db.taskQueue())
            .setSummary(summary + " on " + db.host().name() + via)
            .build());
  }

  /** A step's result and the detail the journal shows for it. */
  private record Described<T>(T value, String detail) implements StepJournal.Detailed {}
}
