package dev.rewind.api.rollbacks;

import dev.rewind.api.security.Caller;
import dev.rewind.api.security.RequiresRole;
import dev.rewind.api.security.Role;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.workflows.RollbackPlan;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Requesting and following rollbacks. A 202 is only answered once the workflow exists in Temporal.
 * {@code Idempotency-Key} is not honoured yet: it needs the ledger to survive restarts.
 */
@RestController
@RequestMapping(RollbackLinks.BASE)
class RollbacksController {
  private static final Pattern ID = Pattern.compile("rollback-[a-z0-9._-]{1,200}");
  private static final Pattern WAIT = Pattern.compile("[0-9]{1,2}s?");
  private static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private final RollbackPlanner planner;
  private final Rollbacks rollbacks;
  private final RollbackLinks links;

  RollbacksController(RollbackPlanner planner, Rollbacks rollbacks, RollbackLinks links) {
    this.planner = planner;
    this.rollbacks = rollbacks;
    this.links = links;
  }

  // No "consumes": the token is checked before the content type, so strangers get 401, not 415.
  @PostMapping
  @RequiresRole(Role.PIPELINE)
  ResponseEntity<RollbackResponse> request(
      @Valid @RequestBody RollbackRequest request,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    RollbackPlan plan = planner.plan(request, caller.identity());
    if (request.isDryRun()) {
      return ResponseEntity.ok(RollbackResponse.dryRun(plan));
    }
    String id = rollbacks.start(plan);
    RollbackLinks.Links where = links.of(id);
    return ResponseEntity.accepted()
        .location(URI.create(where.self()))
        .body(RollbackResponse.started(id, plan, where));
  }

  /**
   * {@code ?wait=30s} holds the answer until the rollback has ended or the time is up, whichever
   * comes first, so a pipeline learns the outcome the moment it is known without polling.
   */
  @GetMapping("/{id}")
  RollbackStatusResponse get(
      @PathVariable String id, @RequestParam(name = "wait", required = false) String wait) {
    if (!ID.matcher(id).matches()) {
      throw new InvalidRequestException(
          "id", "must look like rollback-<environment>-<service>-...");
    }
    return rollbacks
        .find(id, waitFor(wait))
        .map(found -> RollbackStatusResponse.of(found, links.of(id)))
        .orElseThrow(() -> notFound(id));
  }

  private static Duration waitFor(String wait) {
    if (wait == null) {
      return Duration.ZERO;
    }
    if (!WAIT.matcher(wait).matches()) {
      throw new InvalidRequestException("wait", "must be a number of seconds up to 60, like 30s");
    }
    long seconds = Long.parseLong(wait.replace("s", ""));
    if (seconds > MAX_WAIT.toSeconds()) {
      throw new InvalidRequestException("wait", "must be a number of seconds up to 60, like 30s");
    }
    return Duration.ofSeconds(seconds);
  }

  private static ErrorResponseException notFound(String id) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no rollback with id " + id);
    problem.setTitle("Rollback not found");
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }
}
