package dev.rewind.workflows.core;

import dev.rewind.workflows.PlannedStep;
import io.temporal.workflow.Saga;
import java.util.List;

/**
 * The workflow side of one strategy in a chain. The chain runs every strategy's {@link #check}
 * first (nothing changed yet), then, after approvals, maintenance and — when the chain touches the
 * database — the application stopped on every host, each strategy's {@link #change} in order, then
 * starts and verifies the service and runs every {@link #finish}.
 */
public interface Strategy {

  /**
   * Checks that change nothing (the backup is intact and young enough). A refusal here ends the
   * rollback FAILED with nothing changed: another attempt would refuse again.
   */
  default void check() {}

  /**
   * The strategy's snapshot, then its destructive steps, each with its compensation registered in
   * {@code saga} before it runs.
   */
  void change(Saga saga);

  /** Work after the chain succeeded that must not fail it (pruning old snapshots). */
  default void finish() {}

  /** The steps {@link #check} takes, for a dry run. */
  default List<PlannedStep> outlineChecks() {
    return List.of();
  }

  /** The steps {@link #change} takes, for a dry run. */
  List<PlannedStep> outline();
}
