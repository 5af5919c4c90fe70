package dev.rewind.api.rollbacks;

import dev.rewind.api.rollbacks.OperatorDecisions.Delivered;
import dev.rewind.api.security.Caller;
import dev.rewind.api.security.RequiresRole;
import dev.rewind.api.security.Role;
import dev.rewind.api.web.SafeValues;
import dev.rewind.workflows.OperatorAction;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators steer a rollback: {@code abort} {reason}, {@code retry} {note?}, {@code resolve}
 * {note}. Each is recorded in the ledger before the workflow is told, and answers the id of that
 * record.
 */
@RestController
@RequestMapping(RollbackLinks.BASE + "/{id}")
class OperatorActionsController {
  private final OperatorDecisions decisions;
  private final RollbackLinks links;

  OperatorActionsController(OperatorDecisions decisions, RollbackLinks links) {
    this.decisions = decisions;
    this.links = links;
  }

  record AbortRequest(
      @NotBlank(message = "is required")
          @Size(max = 2000, message = "must be at most 2000 characters")
          @Pattern(regexp = SafeValues.TEXT, message = SafeValues.TEXT_MESSAGE)
          String reason) {}

  record NoteRequest(
      @Size(max = 2000, message = "must be at most 2000 characters")
          @Pattern(regexp = SafeValues.TEXT, message = SafeValues.TEXT_MESSAGE)
          String note) {}

  record ResolveRequest(
      @NotBlank(message = "is required")
          @Size(max = 2000, message = "must be at most 2000 characters")
          @Pattern(regexp = SafeValues.TEXT, message = SafeValues.TEXT_MESSAGE)
          String note) {}

  @Schema(name = "OperatorActionAnswer")
  record Answer(
      String id,
      long actionId,
      String action,
      String by,
      String statusBefore,
      RollbackLinks.Links links) {}

  @Operation(
      summary = "Abort a rollback",
      description =
          "Undoes what the running chain did (its compensations, newest first) and ends"
              + " ABORTED. After a finished chain (WATCHING, or ESCALATED by a failed watch) it"
              + " undoes nothing: it ends the watch ABORTED and the rolled-back version stays.")
  @ApiResponse(
      responseCode = "202",
      description = "Recorded, then signalled.",
      useReturnTypeSchema = true)
  @ApiResponse(
      responseCode = "409",
      description = "The rollback's state does not allow this action.")
  @PostMapping("/abort")
  @RequiresRole(Role.OPERATOR)
  ResponseEntity<Answer> abort(
      @Parameter(
              description = "The rollback id.",
              schema = @Schema(type = "string", pattern = SafeValues.ROLLBACK_ID))
          @PathVariable
          String id,
      @Valid @RequestBody AbortRequest body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return answer(id, OperatorAction.ABORT, caller, body.reason().strip());
  }

  @Operation(
      summary = "Retry an escalated rollback",
      description =
          "ESCALATED only: one more attempt of the whole chain, or, after a failed watch,"
              + " watching again.")
  @ApiResponse(
      responseCode = "202",
      description = "Recorded, then signalled.",
      useReturnTypeSchema = true)
  @ApiResponse(responseCode = "409", description = "Only an ESCALATED rollback can be retried.")
  @PostMapping("/retry")
  @RequiresRole(Role.OPERATOR)
  ResponseEntity<Answer> retry(
      @Parameter(
              description = "The rollback id.",
              schema = @Schema(type = "string", pattern = SafeValues.ROLLBACK_ID))
          @PathVariable
          String id,
      @Valid @RequestBody(required = false) NoteRequest body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    String note = body == null || body.note() == null ? "retry" : body.note().strip();
    return answer(id, OperatorAction.RETRY, caller, note);
  }

  @Operation(
      summary = "Resolve a rollback by hand",
      description =
          "ESCALATED only (after two failed attempts, or a failed watch): the operator fixed the"
              + " service by hand; the rollback ends SUCCEEDED with the note.")
  @ApiResponse(
      responseCode = "202",
      description = "Recorded, then signalled.",
      useReturnTypeSchema = true)
  @ApiResponse(responseCode = "409", description = "Only an ESCALATED rollback can be resolved.")
  @PostMapping("/resolve")
  @RequiresRole(Role.OPERATOR)
  ResponseEntity<Answer> resolve(
      @Parameter(
              description = "The rollback id.",
              schema = @Schema(type = "string", pattern = SafeValues.ROLLBACK_ID))
          @PathVariable
          String id,
      @Valid @RequestBody ResolveRequest body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return answer(id, OperatorAction.RESOLVE, caller, body.note().strip());
  }

  private ResponseEntity<Answer> answer(String id, String kind, Caller caller, String text) {
    RollbacksController.checkId(id);
    Delivered d = decisions.decide(id, kind, caller.identity(), text);
    return ResponseEntity.accepted()
        .body(
            new Answer(
                d.id(), d.actionId(), d.action(), d.by(), d.statusBefore().name(), links.of(id)));
  }
}
