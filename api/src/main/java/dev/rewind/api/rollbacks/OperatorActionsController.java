package dev.rewind.api.rollbacks;

import dev.rewind.api.rollbacks.OperatorDecisions.Decision;
import dev.rewind.api.rollbacks.OperatorDecisions.Delivered;
import dev.rewind.api.security.Caller;
import dev.rewind.api.security.RequiresRole;
import dev.rewind.api.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
 * {note}.
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
          String reason) {}

  record NoteRequest(@Size(max = 2000, message = "must be at most 2000 characters") String note) {}

  record ResolveRequest(
      @NotBlank(message = "is required")
          @Size(max = 2000, message = "must be at most 2000 characters")
          String note) {}

  record Answer(
      String id, String action, String by, String statusBefore, RollbackLinks.Links links) {}

  @PostMapping("/abort")
  @RequiresRole(Role.OPERATOR)
  ResponseEntity<Answer> abort(
      @PathVariable String id,
      @Valid @RequestBody AbortRequest body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return answer(id, Decision.ABORT, caller, body.reason().strip());
  }

  @PostMapping("/retry")
  @RequiresRole(Role.OPERATOR)
  ResponseEntity<Answer> retry(
      @PathVariable String id,
      @Valid @RequestBody(required = false) NoteRequest body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    String note = body == null || body.note() == null ? "retry" : body.note().strip();
    return answer(id, Decision.RETRY, caller, note);
  }

  @PostMapping("/resolve")
  @RequiresRole(Role.OPERATOR)
  ResponseEntity<Answer> resolve(
      @PathVariable String id,
      @Valid @RequestBody ResolveRequest body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return answer(id, Decision.RESOLVE, caller, body.note().strip());
  }

  private ResponseEntity<Answer> answer(String id, Decision decision, Caller caller, String text) {
    RollbacksController.checkId(id);
    Delivered d = decisions.decide(id, decision, caller.identity(), text);
    return ResponseEntity.accepted()
        .body(new Answer(d.id(), d.action(), d.by(), d.statusBefore().name(), links.of(id)));
  }
}
