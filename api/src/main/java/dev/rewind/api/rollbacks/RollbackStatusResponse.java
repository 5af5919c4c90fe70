package dev.rewind.api.rollbacks;

import dev.rewind.workflows.ContainerSnapshot;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.SnapshotManifest;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.StepStatus;
import java.time.Instant;
import java.util.List;

/** The answer to {@code GET /api/v1/rollbacks/{id}}; step times are ISO-8601 instants. */
record RollbackStatusResponse(
    String id,
    String service,
    String environment,
    String strategy,
    RollbackStatus status,
    Integer attempt,
    String currentStep,
    List<Step> steps,
    List<ContainerSnapshot> snapshots,
    String outcome,
    String detail,
    List<SnapshotManifest> databaseSnapshots,
    RollbackLinks.Links links) {

  record Step(
      String name,
      String target,
      int attempt,
      StepStatus status,
      Instant startedAt,
      Instant endedAt,
      String detail) {

    static Step of(StepRecord step) {
      return new Step(
          step.name(),
          step.target(),
          step.attempt(),
          step.status(),
          Instant.ofEpochMilli(step.startedAt()),
          step.endedAt() == null ? null : Instant.ofEpochMilli(step.endedAt()),
          step.detail());
    }
  }

  static RollbackStatusResponse of(RollbackDescription d, RollbackLinks.Links links) {
    return new RollbackStatusResponse(
        d.id(),
        d.service(),
        d.environment(),
        d.strategy(),
        d.status(),
        d.attempt(),
        d.currentStep(),
        d.steps().stream().map(Step::of).toList(),
        d.snapshots(),
        d.outcome(),
        d.detail(),
        d.databaseSnapshots(),
        links);
  }
}
