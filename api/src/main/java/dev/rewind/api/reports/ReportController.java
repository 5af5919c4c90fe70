package dev.rewind.api.reports;

import dev.rewind.api.ledger.ActionLog;
import dev.rewind.api.ledger.LedgerEntry;
import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.rollbacks.RollbackDescription;
import dev.rewind.api.rollbacks.Rollbacks;
import dev.rewind.api.temporal.TemporalProperties;
import dev.rewind.api.temporal.TemporalUnavailableException;
import dev.rewind.api.web.ApiProblem;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.api.web.SafeValues;
import dev.rewind.workflows.RollbackState;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/rollbacks/{id}/report}: the incident report in Markdown. The timeline is the
 * workflow's own when Temporal answers, else the last one the ledger recorded.
 */
@RestController
class ReportController {
  static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");
  private static final Pattern ID = Pattern.compile(SafeValues.ROLLBACK_ID);

  private final RollbackLedger ledger;
  private final ActionLog actions;
  private final Rollbacks rollbacks;
  private final TemporalProperties temporal;

  ReportController(
      RollbackLedger ledger, ActionLog actions, Rollbacks rollbacks, TemporalProperties temporal) {
    this.ledger = ledger;
    this.actions = actions;
    this.rollbacks = rollbacks;
    this.temporal = temporal;
  }

  @ApiResponse(
      responseCode = "200",
      description = "The incident report.",
      content = @Content(mediaType = "text/markdown", schema = @Schema(type = "string")))
  @GetMapping("/api/v1/rollbacks/{id}/report")
  ResponseEntity<String> report(
      @Parameter(
              description = "The rollback id.",
              schema = @Schema(type = "string", pattern = SafeValues.ROLLBACK_ID))
          @PathVariable
          String id) {
    if (!ID.matcher(id).matches()) {
      throw new InvalidRequestException(
          "id", "must look like rollback-<environment>-<service>-...");
    }
    LedgerEntry entry = ledger.find(id).orElseThrow(() -> ApiProblem.notFound("Rollback", id));
    RollbackState state = liveState(id).orElse(entry.state());
    String markdown =
        IncidentReport.render(
            entry, state, actions.approvals(id), actions.actions(id), temporal.workflowUrl(id));
    return ResponseEntity.ok().contentType(MARKDOWN).body(markdown);
  }

  private Optional<RollbackState> liveState(String id) {
    try {
      return rollbacks.find(id).map(RollbackDescription::state);
    } catch (TemporalUnavailableException e) {
      return Optional.empty();
    }
  }
}
