package dev.rewind.api.drills;

import dev.rewind.api.ledger.LedgerEntry;
import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.rollbacks.RollbackStarter;
import dev.rewind.api.rollbacks.planning.RollbackRequest;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.api.web.SafeValues;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.drill.DrillActivities;
import dev.rewind.workflows.drill.DrillInput;
import dev.rewind.workflows.drill.DrillRun;
import dev.rewind.workflows.drill.DrillStart;
import dev.rewind.workflows.drill.LegEnd;
import dev.rewind.workflows.drill.StartedLeg;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * A drill's steps as the api carries them out, on its ledger worker. The drill is read from the
 * api's own table (the workflow's input must match it), the catalog and the registry are checked
 * again now, and each leg is a rollback started the way {@code POST /rollbacks} starts one, under
 * an Idempotency-Key of the drill's made from the run's id, so a retried step starts nothing twice.
 * What the api refuses is a non-retryable {@link DrillActivities#REFUSED} with the api's words.
 */
@Component
class DrillActivitiesImpl implements DrillActivities {
  static final Duration POLL = Duration.ofSeconds(1);
  static final String API_STOPPING = "ApiStopping";

  private volatile boolean stopping;

  private final DrillStore store;
  private final Drills drills;
  private final Catalog catalog;
  private final RollbackStarter starter;
  private final RollbackLedger ledger;

  DrillActivitiesImpl(
      DrillStore store,
      Drills drills,
      Catalog catalog,
      RollbackStarter starter,
      RollbackLedger ledger) {
    this.store = store;
    this.drills = drills;
    this.catalog = catalog;
    this.starter = starter;
    this.ledger = ledger;
  }

  @Override
  public DrillStart begin(DrillInput input, String runId) {
    Drill drill = drill(input);
    ServiceEnvironment env =
        catalog
            .environment(drill.service(), drill.environment())
            .orElseThrow(
                () ->
                    refused(
                        drill.service()
                            + " "
                            + drill.environment()
                            + " is no longer in the catalog"));
    try {
      drills.checkDrillable(drill.service(), drill.environment());
    } catch (ErrorResponseException e) {
      throw refused(e.getBody().getDetail());
    }
    String host = env.hosts().get(0);
    Target target =
        new Target(
            drill.service(),
            drill.environment(),
            host,
            catalog.host(host).orElseThrow().transport().id(),
            catalog.digest(drill.service(), drill.environment()));
    int sla = env.sla().minutes(drill.severity());
    store.begin(drill.id(), runId, Instant.now(), sla);
    return new DrillStart(target, sla, store.startedAt(runId).orElseThrow().toEpochMilli());
  }

  @Override
  public StartedLeg startBack(DrillInput input, String runId) {
    Drill drill = drill(input);
    return leg(
        drill,
        null,
        null,
        "drill " + drill.id() + ": back to the known-good version",
        runId + "/back");
  }

  @Override
  public StartedLeg startForward(
      DrillInput input, String runId, String toVersion, String fromVersion) {
    Drill drill = drill(input);
    if (!SafeValues.isVersion(toVersion) || !SafeValues.isVersion(fromVersion)) {
      throw refused(
          "the forward leg's versions are not versions: " + toVersion + ", " + fromVersion);
    }
    return leg(
        drill,
        toVersion,
        fromVersion,
        "drill " + drill.id() + ": forward again to " + toVersion,
        runId + "/forward");
  }

  @Override
  public LegEnd awaitEnd(String rollbackId) {
    ActivityExecutionContext activity = Activity.getExecutionContext();
    while (true) {
      LedgerEntry entry =
          ledger.find(rollbackId).orElseThrow(() -> refused(rollbackId + " is not in the ledger"));
      RollbackStatus status = entry.status();
      if (status.isFinal() || status == RollbackStatus.ESCALATED) {
        Instant end = entry.finishedAt() == null ? Instant.now() : entry.finishedAt();
        String outcome =
            status == RollbackStatus.ESCALATED
                ? "escalated: it waits for an operator (retry, abort or resolve)"
                : entry.outcome();
        return new LegEnd(
            status.name(), Duration.between(entry.requestedAt(), end).toSeconds(), outcome);
      }
      if (stopping) {
        // Handed back now, retried by Temporal on the next api: the ledger worker's shutdown does
        // not wait for it, nor the drill for a heartbeat timeout.
        throw ApplicationFailure.newFailure(
            "rewind-api is stopping: the wait for " + rollbackId + " goes on on the next one",
            API_STOPPING);
      }
      activity.heartbeat(status.name());
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
    }
  }

  /** Published when the api begins to close, before its ledger worker stops. */
  @EventListener(ContextClosedEvent.class)
  void apiStopping() {
    stopping = true;
  }

  @Override
  public void recordRun(DrillRun run) {
    store.finish(run);
  }

  private StartedLeg leg(Drill drill, String to, String from, String reason, String key) {
    RollbackRequest request =
        RollbackRequest.chain(
            drill.service(),
            drill.environment(),
            drill.strategies(),
            to,
            from,
            reason,
            drill.severity());
    RollbackStarter.Started started;
    try {
      started = starter.start(request, drill.id(), null, key);
    } catch (InvalidRequestException e) {
      throw refused(e.getMessage());
    } catch (ErrorResponseException e) {
      if (e.getStatusCode().is4xxClientError()) {
        throw refused(e.getBody().getDetail());
      }
      throw e;
    }
    LedgerEntry entry = ledger.find(started.id()).orElseThrow();
    return new StartedLeg(started.id(), entry.fromVersion(), entry.toVersion());
  }

  /** The drill as the api has it; its schedule's input must name the same service and chain. */
  private Drill drill(DrillInput input) {
    return store
        .find(input.drillId())
        .filter(
            d ->
                d.service().equals(input.service())
                    && d.environment().equals(input.environment())
                    && d.strategies().equals(input.strategies())
                    && d.severity().equals(input.severity()))
        .orElseThrow(
            () ->
                refused(
                    input.drillId()
                        + " is not a drill of this api (deleted, or started with other values"
                        + " than the api recorded): nothing was started"));
  }

  private static ApplicationFailure refused(String why) {
    return ApplicationFailure.newNonRetryableFailure(why, REFUSED);
  }
}
