package dev.rewind.api.drills;

import dev.rewind.api.catalog.CatalogLookup;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.api.rollbacks.planning.RollbackPlanner;
import dev.rewind.api.rollbacks.planning.RollbackRequest;
import dev.rewind.api.temporal.TemporalProperties;
import dev.rewind.api.temporal.TemporalUnavailableException;
import dev.rewind.api.web.ApiProblem;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.catalog.ServiceEnvironment;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creating, listing, running and deleting drills. A drill is accepted only for a service and
 * environment the catalog has, that is not production ({@link #isProduction}), with a known-good
 * deployment in the registry and a chain the api would plan now; its row is inserted and its
 * schedule created in one transaction, so the table never names a drill Temporal lacks.
 */
@Service
class Drills {
  static final String BASE = "/api/v1/drills";
  static final int RUNS_LISTED = 20;
  private static final Logger log = LoggerFactory.getLogger(Drills.class);
  private static final Pattern PRODUCTION =
      Pattern.compile("prod|production|(prod|production)-.*|.*-(prod|production)");
  private static final int ATTEMPTS = 5;

  private final CatalogLookup catalog;
  private final DeploymentRegistry registry;
  private final RollbackPlanner planner;
  private final DrillStore store;
  private final DrillSchedules schedules;
  private final TemporalProperties temporal;
  private final TransactionTemplate tx;

  Drills(
      CatalogLookup catalog,
      DeploymentRegistry registry,
      RollbackPlanner planner,
      DrillStore store,
      DrillSchedules schedules,
      TemporalProperties temporal,
      TransactionTemplate tx) {
    this.catalog = catalog;
    this.registry = registry;
    this.planner = planner;
    this.store = store;
    this.schedules = schedules;
    this.temporal = temporal;
    this.tx = tx;
  }

  /**
   * Production by its name: {@code production}, {@code prod}, or a name starting with {@code
   * prod-}/{@code production-} or ending with {@code -prod}/{@code -production}.
   */
  static boolean isProduction(String environment) {
    return PRODUCTION.matcher(environment).matches();
  }

  /** The SLA of {@code severity} (P0..P3) in minutes; 0 for none. */
  /** The SLA of the drill's severity in its environment (the catalog's {@code sla}). */
  private int slaMinutes(Drill drill) {
    ServiceEnvironment env = catalog.find(drill.service(), drill.environment(), new ArrayList<>());
    return (env == null ? ServiceEnvironment.Sla.DEFAULTS : env.sla()).minutes(drill.severity());
  }

  DrillView create(DrillRequest request, String identity) {
    List<FieldProblem> problems =
        new ArrayList<>(DrillSchedule.problems(request.every(), request.cron()));
    catalog.find(request.service(), request.environment(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    checkDrillable(request.service(), request.environment());
    // The chain as POST /rollbacks would plan it now: strategies the catalog entry supports.
    planner.plan(
        RollbackRequest.chain(
            request.service(),
            request.environment(),
            request.strategies(),
            null,
            null,
            "drill",
            request.severityOrDefault()),
        identity);
    DrillSchedule schedule = new DrillSchedule(request.every(), request.cron());
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int number = store.nextNumber(request.service(), request.environment());
      Drill drill =
          new Drill(
              Drill.id(request.environment(), request.service(), number),
              request.service(),
              request.environment(),
              List.copyOf(request.strategies()),
              request.severityOrDefault(),
              schedule,
              request.isPaused(),
              identity,
              null);
      try {
        tx.executeWithoutResult(
            status -> {
              store.insert(drill, number);
              schedules.create(drill);
            });
      } catch (DuplicateKeyException raced) {
        continue;
      } catch (ScheduleAlreadyRunningException leftover) {
        throw ApiProblem.of(
                HttpStatus.CONFLICT,
                "Schedule exists",
                "Temporal already has a schedule "
                    + drill.id()
                    + " that this api does not know: delete it in Temporal, then try again")
            .with("drill", drill.id())
            .exception();
      } catch (TransactionException commitFailed) {
        schedules.delete(drill.id());
        throw commitFailed;
      }
      log.info("drill {} created by {}: {}", drill.id(), identity, drill.summary());
      return view(store.find(drill.id()).orElseThrow());
    }
    throw new IllegalStateException("could not number the drill after " + ATTEMPTS + " tries");
  }

  /**
   * 422 for a production environment, or one without a known-good deployment: a drill would have
   * nothing to roll back to. Checked when a drill is created and again when it runs.
   */
  void checkDrillable(String service, String environment) {
    if (isProduction(environment)) {
      throw refused(
          "Production environment",
          "environment",
          environment
              + " is a production environment: drills run only in non-production ones"
              + " (production, prod, prod-*, production-*, *-prod and *-production are refused)");
    }
    if (registry.knownGood(service, environment).isEmpty()) {
      throw refused(
          "No known-good deployment",
          "environment",
          service
              + " "
              + environment
              + " has no known-good deployment in the registry (a DEPLOYED version before the"
              + " current one): record its deployments first");
    }
  }

  private static RuntimeException refused(String title, String field, String detail) {
    return ApiProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, title, detail)
        .with("field", field)
        .with("errors", List.of(new FieldProblem(field, detail)))
        .exception();
  }

  List<DrillView> list(String service, String environment) {
    return store.list(service, environment).stream().map(this::view).toList();
  }

  DrillView get(String id) {
    return view(find(id));
  }

  /** Starts a run now: 409 while one runs (a drill never overlaps itself). */
  DrillView run(String id) {
    Drill drill = find(id);
    DrillSchedules.Status status =
        schedules
            .describe(id)
            .orElseThrow(
                () ->
                    ApiProblem.of(
                            HttpStatus.CONFLICT,
                            "Schedule missing",
                            "Temporal has no schedule "
                                + id
                                + ": delete the drill and create it again")
                        .exception());
    if (!status.running().isEmpty()) {
      throw ApiProblem.of(
              HttpStatus.CONFLICT,
              "Drill running",
              id + " is running now (" + status.running().get(0) + "): wait for it to end")
          .with("running", status.running())
          .exception();
    }
    schedules.trigger(id);
    log.info("drill {} triggered", id);
    return view(drill);
  }

  void delete(String id, String identity) {
    find(id);
    schedules.delete(id);
    store.delete(id, identity);
    log.info("drill {} deleted by {}", id, identity);
  }

  private Drill find(String id) {
    return store.find(id).orElseThrow(() -> ApiProblem.notFound("Drill", id));
  }

  private DrillView view(Drill drill) {
    DrillView.ScheduleView schedule;
    try {
      schedule =
          schedules
              .describe(drill.id())
              .map(s -> new DrillView.ScheduleView(s.paused(), s.nextRun(), s.running()))
              .orElse(null);
    } catch (TemporalUnavailableException e) {
      log.warn("schedule of {} not read: {}", drill.id(), e.getMessage());
      schedule = null;
    }
    return new DrillView(
        drill.id(),
        drill.service(),
        drill.environment(),
        drill.strategies(),
        drill.severity(),
        slaMinutes(drill),
        drill.schedule().every(),
        drill.schedule().cron(),
        schedule,
        drill.createdBy(),
        drill.createdAt(),
        new DrillView.Links(BASE + "/" + drill.id(), temporal.scheduleUrl(drill.id())),
        store.runs(drill.id(), RUNS_LISTED).stream().map(DrillView.RunView::of).toList());
  }
}
