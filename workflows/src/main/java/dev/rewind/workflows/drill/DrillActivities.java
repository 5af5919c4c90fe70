package dev.rewind.workflows.drill;

import dev.rewind.workflows.TaskQueues;
import io.temporal.activity.ActivityInterface;

/**
 * The api's side of a drill, served on {@link TaskQueues#LEDGER}: the rollbacks are planned,
 * recorded and started by the api exactly as {@code POST /api/v1/rollbacks} does, and the ledger
 * says when they ended. {@code runId} (the drill workflow's id) makes every call idempotent.
 */
@ActivityInterface
public interface DrillActivities {

  /**
   * Checks that the drill is still one the api has, for the same service and environment, and
   * records the run as RUNNING. Refused (non-retryable {@link #REFUSED}) otherwise.
   */
  DrillStart begin(DrillInput input, String runId);

  /** Starts the rollback to the known-good version; {@link #REFUSED} when the api refuses it. */
  StartedLeg startBack(DrillInput input, String runId);

  /**
   * Starts the rollback from {@code fromVersion} forward again to {@code toVersion}, the version
   * the service ran before the drill; {@link #REFUSED} when the api refuses it.
   */
  StartedLeg startForward(DrillInput input, String runId, String toVersion, String fromVersion);

  /**
   * Waits, heartbeating, until the ledger says the rollback ended (or escalated, which waits for a
   * person and ends the drill's wait).
   */
  LegEnd awaitEnd(String rollbackId);

  /** Records the run as it stands (RUNNING, then its outcome); idempotent by its run id. */
  void recordRun(DrillRun run);

  /** The failure type of a drill or a leg the api refused: nothing was started. */
  String REFUSED = "DrillRefused";
}
