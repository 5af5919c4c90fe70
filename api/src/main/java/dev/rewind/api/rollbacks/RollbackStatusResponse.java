package dev.rewind.api.rollbacks;

import dev.rewind.workflows.HealthProbe;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.StepStatus;
import dev.rewind.workflows.WatchState;
import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.database.SnapshotManifest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** The answer to {@code GET /api/v1/rollbacks/{id}}; times are ISO-8601 instants. */
@Schema(description = "A rollback as its workflow tells it: status, every step, the watch.")
record RollbackStatusResponse(
    String id,
    String service,
    String environment,
    @Schema(description = "The chain joined with '+', e.g. backup-restore+code-revert.")
        String strategy,
    @Schema(description = "The chain, in the order it runs.") List<String> strategies,
    @Schema(
            description =
                "WATCHING: the chain succeeded and the service is being watched; the registry"
                    + " already names the version rolled back to.")
        RollbackStatus status,
    Integer attempt,
    String currentStep,
    List<Step> steps,
    List<ContainerSnapshot> snapshots,
    List<SnapshotManifest> databaseSnapshots,
    @Schema(description = "The watch after the chain, once it started; null before or without.")
        Watch watch,
    String outcome,
    @Schema(description = "Why the steps are missing, when no worker answered.") String detail,
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

  @Schema(
      description =
          "The health checks after the chain: how many, how many failed, the current run of"
              + " consecutive failures, when it ends, and the latest failed checks as evidence.")
  record Watch(
      Instant startedAt,
      Instant endsAt,
      int checks,
      int failures,
      int consecutiveFailures,
      List<Probe> evidence) {

    static Watch of(WatchState w) {
      return w == null
          ? null
          : new Watch(
              Instant.ofEpochMilli(w.startedAt()),
              Instant.ofEpochMilli(w.endsAt()),
              w.checks(),
              w.failures(),
              w.consecutiveFailures(),
              w.evidence() == null ? List.of() : w.evidence().stream().map(Probe::of).toList());
    }
  }

  record Probe(String host, Instant at, int status, String error, boolean healthy) {
    static Probe of(HealthProbe p) {
      return new Probe(p.host(), Instant.ofEpochMilli(p.at()), p.status(), p.error(), p.healthy());
    }
  }

  static RollbackStatusResponse of(RollbackDescription d, RollbackLinks.Links links) {
    RollbackState s = d.state();
    return new RollbackStatusResponse(
        d.id(),
        d.service(),
        d.environment(),
        String.join("+", d.strategies()),
        d.strategies(),
        d.status(),
        s == null ? null : s.attempt(),
        s == null ? null : s.currentStep(),
        s == null || s.steps() == null ? List.of() : s.steps().stream().map(Step::of).toList(),
        s == null || s.snapshots() == null ? List.of() : s.snapshots(),
        s == null || s.databaseSnapshots() == null ? List.of() : s.databaseSnapshots(),
        s == null ? null : Watch.of(s.watch()),
        s == null ? null : s.outcome(),
        d.detail(),
        links);
  }
}
