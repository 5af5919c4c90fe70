package dev.rewind.api.assessments;

import dev.rewind.api.security.Caller;
import dev.rewind.api.security.Role;
import dev.rewind.api.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The runbooks' decision matrix as a call: any token may ask; starting the recommended rollback
 * ({@code start: true}) needs the role a rollback request needs, {@code pipeline}.
 */
@RestController
class AssessmentsController {
  private final Assessor assessor;

  AssessmentsController(Assessor assessor) {
    this.assessor = assessor;
  }

  @Operation(
      summary = "Roll back, fix forward or monitor: the runbooks' decision matrix",
      description =
          "The severity (P0-P3) from runbook 002's matrix (users affected, data risk), runbook"
              + " 001's and 004's triggers (error rate > 5 %, performance degradation > 50 %,"
              + " security issue, data corruption); the decision from runbook 001's tree (P0/P1"
              + " not fixable in under 10 minutes: roll back); the strategies from what changed"
              + " between the registry's current and known-good deployments. start: true starts"
              + " the recommended rollback (role pipeline), its reason the assessment.")
  @ApiResponse(
      responseCode = "200",
      description = "The assessment; rollback names the rollback it started, if any.",
      useReturnTypeSchema = true)
  @ApiResponse(
      responseCode = "403",
      description = "start: true with a token that does not have the role pipeline.")
  @ApiResponse(
      responseCode = "409",
      description = "start: another rollback of this service and environment is active.")
  @PostMapping("/api/v1/assessments")
  AssessmentResponse assess(
      @Valid @RequestBody AssessmentRequest request,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    if (request.starts() && !caller.has(Role.PIPELINE)) {
      throw ApiProblem.of(
              HttpStatus.FORBIDDEN,
              "Forbidden",
              "start: true starts a rollback, which needs the role " + Role.PIPELINE)
          .with("field", "start")
          .exception();
    }
    return assessor.assess(request, caller.identity());
  }
}
