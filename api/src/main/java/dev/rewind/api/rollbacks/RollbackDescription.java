package dev.rewind.api.rollbacks;

import dev.rewind.workflows.ContainerSnapshot;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.SnapshotManifest;
import dev.rewind.workflows.StepRecord;
import java.util.List;

/**
 * What Temporal knows about one rollback. When the workflow could not be asked for its state (no
 * worker is running), only the status from the {@code RewindStatus} search attribute is known:
 * {@code attempt} is then null, the step list empty and {@code detail} says why.
 */
public record RollbackDescription(
    String id,
    String service,
    String environment,
    String strategy,
    RollbackStatus status,
    Integer attempt,
    String currentStep,
    List<StepRecord> steps,
    List<ContainerSnapshot> snapshots,
    String outcome,
    String detail,
    List<SnapshotManifest> databaseSnapshots) {

  static RollbackDescription of(
      String id, String service, String environment, String strategy, RollbackState state) {
    return new RollbackDescription(
        id,
        service,
        environment,
        strategy,
        state.status(),
        state.attempt(),
        state.currentStep(),
        state.steps() == null ? List.of() : state.steps(),
        state.snapshots() == null ? List.of() : state.snapshots(),
        state.outcome(),
        null,
        state.databaseSnapshots() == null ? List.of() : state.databaseSnapshots());
  }

  static RollbackDescription withoutSteps(
      String id,
      String service,
      String environment,
      String strategy,
      RollbackStatus status,
      String detail) {
    return new RollbackDescription(
        id,
        service,
        environment,
        strategy,
        status,
        null,
        null,
        List.of(),
        List.of(),
        null,
        detail,
        List.of());
  }
}
