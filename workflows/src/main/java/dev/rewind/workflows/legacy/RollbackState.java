package dev.rewind.workflows.legacy;

import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.database.SnapshotManifest;
import java.util.List;

/**
 * Everything an operator needs to know about a rollback: status, attempt, the step running now and
 * every step so far, snapshots taken (containers' specs; database dumps with their manifests), and
 * how it ended. Answered by the {@code state} query and returned as the workflow's result.
 */
public record RollbackState(
    RollbackStatus status,
    int attempt,
    String currentStep,
    List<StepRecord> steps,
    List<ContainerSnapshot> snapshots,
    String outcome,
    List<SnapshotManifest> databaseSnapshots,
    List<String> prunedSnapshots) {

  /** The state of a rollback that takes no database snapshot. */
  public RollbackState(
      RollbackStatus status,
      int attempt,
      String currentStep,
      List<StepRecord> steps,
      List<ContainerSnapshot> snapshots,
      String outcome) {
    this(status, attempt, currentStep, steps, snapshots, outcome, List.of(), List.of());
  }
}
