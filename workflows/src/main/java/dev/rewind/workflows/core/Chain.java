package dev.rewind.workflows.core;

import dev.rewind.workflows.RollbackPlan;

/**
 * What a strategy of a chain works with: the plan, the rollback's id, the step runner and journal,
 * the shared host steps, the snapshots taken so far, and whether the chain keeps the application
 * stopped on every host around the strategies' changes (it does when it touches the database).
 */
public record Chain(
    RollbackPlan plan,
    String rollbackId,
    Steps steps,
    HostSteps hosts,
    SnapshotsTaken taken,
    boolean applicationStopped) {

  public StepJournal journal() {
    return steps.journal();
  }

  /** The chain of {@code plan} outside a workflow, for a dry run's outline: nothing runs. */
  public static Chain outline(RollbackPlan plan) {
    return new Chain(plan, "dry-run", null, null, null, plan.touchesDatabase());
  }
}
