package dev.rewind.api.rollbacks;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.rollbacks.planning.RollbackPlanner;
import dev.rewind.api.rollbacks.planning.RollbackRequest;
import dev.rewind.api.security.Caller;
import dev.rewind.api.security.RequiresRole;
import dev.rewind.api.security.Role;
import dev.rewind.api.web.ApiProblem;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.api.web.QueryLimit;
import dev.rewind.api.web.SafeValues;
import dev.rewind.workflows.Precondition;
import dev.rewind.workflows.RollbackOutline;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Requesting, listing and following rollbacks. A 202 is only answered once the workflow exists in
 * Temporal and the ledger has recorded it; the same {@code Idempotency-Key} and body answer the
 * same rollback again.
 */
@RestController
@RequestMapping(RollbackLinks.BASE)
class RollbacksController {
  static final Pattern ID = Pattern.compile(SafeValues.ROLLBACK_ID);
  private static final Pattern NAME = Pattern.compile(SafeValues.NAME);
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
  private static final Pattern WAIT = Pattern.compile("[0-9]{1,2}s?");
  private static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private final RollbackPlanner planner;
  private final Preflight preflight;
  private final RollbackIntake intake;
  private final Rollbacks rollbacks;
  private final RollbackLedger ledger;
  private final DeploymentRegistry registry;
  private final RollbackLinks links;

  RollbacksController(
      RollbackPlanner planner,
      Preflight preflight,
      RollbackIntake intake,
      Rollbacks rollbacks,
      RollbackLedger ledger,
      DeploymentRegistry registry,
      RollbackLinks links) {
    this.planner = planner;
    this.preflight = preflight;
    this.intake = intake;
    this.rollbacks = rollbacks;
    this.ledger = ledger;
    this.registry = registry;
    this.links = links;
  }

  // No "consumes": the token is checked before the content type, so strangers get 401, not 415.
  @Operation(
      summary = "Request a rollback, or a dry run of one",
      description =
          "202 once the workflow exists in Temporal and the ledger recorded it. strategy or"
              + " strategies (a chain run as one saga); monitorMinutes (0-1440) watches the"
              + " service once the chain succeeded (status WATCHING). dryRun answers 200 with"
              + " the plan, its steps, the approvals it would wait for and the preconditions the"
              + " workers checked; a failing precondition is a 400 naming its field; nothing is"
              + " started or recorded.")
  @ApiResponse(
      responseCode = "202",
      description = "Started: the workflow exists in Temporal and the ledger recorded it.",
      useReturnTypeSchema = true)
  @ApiResponse(
      responseCode = "200",
      description = "Dry run: the plan, its steps, approvals and preconditions; nothing started.",
      useReturnTypeSchema = true)
  @ApiResponse(
      responseCode = "409",
      description = "Another rollback of this service and environment is active (activeRollback).")
  @ApiResponse(
      responseCode = "422",
      description = "This Idempotency-Key was used before with another body.")
  @PostMapping
  @RequiresRole(Role.PIPELINE)
  ResponseEntity<RollbackResponse> request(
      @Valid @RequestBody RollbackRequest request,
      @Parameter(
              description = "Same key and body: the same rollback is answered again.",
              schema = @Schema(type = "string", pattern = "[\\x21-\\x7e]{1,200}"))
          @RequestHeader(name = "Idempotency-Key", required = false)
          String key,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    if (key != null && !KEY.matcher(key).matches()) {
      throw new InvalidRequestException(
          "Idempotency-Key", "must be 1 to 200 visible ASCII characters");
    }
    String hash = RequestHash.of(request);
    Optional<RollbackIntake.Accepted> earlier = intake.replay(caller.identity(), key, hash);
    RollbackIntake.Accepted accepted;
    if (earlier.isPresent()) {
      accepted = earlier.get();
    } else {
      RollbackPlan plan = planner.plan(request, caller.identity());
      if (request.isDryRun()) {
        return ResponseEntity.ok(dryRun(plan));
      }
      accepted = intake.accept(plan, key, hash);
    }
    RollbackLinks.Links where = links.of(accepted.id());
    return ResponseEntity.accepted()
        .location(URI.create(where.self()))
        .body(
            RollbackResponse.started(
                accepted.id(), accepted.plan(), target(accepted.plan()), where));
  }

  @Operation(
      summary = "List rollbacks from the ledger, newest first",
      description =
          "status filters by PLANNED, AWAITING_APPROVAL, RUNNING, COMPENSATING, ESCALATED,"
              + " WATCHING, SUCCEEDED, FAILED or ABORTED.")
  @GetMapping
  List<RollbackSummary> list(
      @Parameter(schema = @Schema(type = "string", pattern = SafeValues.NAME))
          @RequestParam(required = false)
          String service,
      @Parameter(schema = @Schema(type = "string", pattern = SafeValues.NAME))
          @RequestParam(required = false)
          String environment,
      @Parameter(schema = @Schema(implementation = RollbackStatus.class))
          @RequestParam(required = false)
          String status,
      @Parameter(
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
          @RequestParam(name = "limit", required = false)
          String limitParam) {
    checkName("service", service);
    checkName("environment", environment);
    RollbackStatus wanted = null;
    if (status != null) {
      try {
        wanted = RollbackStatus.valueOf(status);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(
            "status", "must be one of " + Arrays.toString(RollbackStatus.values()));
      }
    }
    int limit = QueryLimit.parse(limitParam);
    if (limit < 1) {
      throw new InvalidRequestException("limit", QueryLimit.MESSAGE);
    }
    return ledger.list(service, environment, wanted, limit).stream()
        .map(e -> RollbackSummary.of(e, links.of(e.id())))
        .toList();
  }

  /**
   * {@code ?wait=30s} holds the answer until the rollback has ended or the time is up, whichever
   * comes first, so a pipeline learns the outcome the moment it is known without polling.
   */
  @Operation(
      summary = "A rollback's status, steps, snapshots and watch",
      description =
          "From Temporal: status (WATCHING once the chain succeeded and the service is watched),"
              + " every step with times, snapshots, and the watch (checks done, failures,"
              + " consecutive failures, ends at, evidence). wait=30s (up to 60s) answers once the"
              + " rollback has ended.")
  @GetMapping("/{id}")
  RollbackStatusResponse get(
      @Parameter(
              description = "The rollback id.",
              schema = @Schema(type = "string", pattern = SafeValues.ROLLBACK_ID))
          @PathVariable
          String id,
      @Parameter(
              description = "Hold the answer until the rollback has ended, at most this long.",
              schema = @Schema(type = "string", pattern = "(0?[0-9]|[1-5][0-9]|60)s?"))
          @RequestParam(name = "wait", required = false)
          String wait) {
    checkId(id);
    Duration waiting = waitFor(wait);
    if (!waiting.isZero()) {
      rollbacks.awaitEnd(id, waiting);
    }
    return rollbacks
        .find(id)
        .map(found -> RollbackStatusResponse.of(found, links.of(id)))
        .orElseThrow(() -> ApiProblem.notFound("Rollback", id));
  }

  /** The plan, its steps and approvals, and the preconditions the workers checked now. */
  private RollbackResponse dryRun(RollbackPlan plan) {
    List<Precondition> preconditions = preflight.check(rollbacks.newId(plan), plan);
    List<FieldProblem> failing =
        preconditions.stream()
            .filter(p -> !p.holds())
            .map(p -> new FieldProblem(p.field(), p.check() + ": " + p.detail()))
            .toList();
    if (!failing.isEmpty()) {
      throw ApiProblem.of(
              HttpStatus.BAD_REQUEST,
              "Precondition failed",
              "the dry run's checks failed: "
                  + String.join("; ", failing.stream().map(FieldProblem::toString).toList()))
          .with("errors", failing)
          .with("preconditions", preconditions)
          .exception();
    }
    return RollbackResponse.dryRun(plan, RollbackOutline.of(plan), preconditions, target(plan));
  }

  private Deployment target(RollbackPlan plan) {
    return plan == null
        ? null
        : registry.newestOf(plan.service(), plan.environment(), plan.versions().to()).orElse(null);
  }

  private static void checkName(String field, String value) {
    if (value != null && !NAME.matcher(value).matches()) {
      throw new InvalidRequestException(field, SafeValues.NAME_MESSAGE);
    }
  }

  static void checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw new InvalidRequestException(
          "id", "must look like rollback-<environment>-<service>-...");
    }
  }

  private static Duration waitFor(String wait) {
    if (wait == null) {
      return Duration.ZERO;
    }
    if (!WAIT.matcher(wait).matches()
        || Long.parseLong(wait.replace("s", "")) > MAX_WAIT.toSeconds()) {
      throw new InvalidRequestException("wait", "must be a number of seconds up to 60, like 30s");
    }
    return Duration.ofSeconds(Long.parseLong(wait.replace("s", "")));
  }
}
