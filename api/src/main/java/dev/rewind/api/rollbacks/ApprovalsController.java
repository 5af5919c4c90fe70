package dev.rewind.api.rollbacks;

import dev.rewind.api.ledger.ActionLog;
import dev.rewind.api.ledger.Approval;
import dev.rewind.api.ledger.LedgerEntry;
import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.security.Caller;
import dev.rewind.api.security.Role;
import dev.rewind.api.temporal.TemporalUnavailableException;
import dev.rewind.api.web.ApiProblem;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.api.web.SafeValues;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Approvals by the token's identity: a {@code dba} approval needs the role {@code approver:dba}, a
 * {@code manager} approval {@code approver:manager}, and the two must come from different people.
 * The ledger is the only place an approval is true: it is recorded there and committed first, then
 * the rollback's workflow is woken with its {@code approve} signal, and reads the approvals from
 * the ledger. A signal that does not get through changes nothing: the approval stands ({@code
 * signalled: false}) and the waiting workflow reads the ledger again on its own within a minute.
 * The ledger's unique indexes settle races: one approval per kind, one per person.
 */
@RestController
class ApprovalsController {
  private static final Logger log = LoggerFactory.getLogger(ApprovalsController.class);
  private final RollbackLedger ledger;
  private final ActionLog actions;
  private final RollbackSignals signals;
  private final TransactionTemplate tx;

  ApprovalsController(
      RollbackLedger ledger, ActionLog actions, RollbackSignals signals, TransactionTemplate tx) {
    this.ledger = ledger;
    this.actions = actions;
    this.signals = signals;
    this.tx = tx;
  }

  record ApprovalRequest(
      @Schema(allowableValues = {"dba", "manager"}) @NotBlank(message = "is required") String kind,
      @Size(max = 2000, message = "must be at most 2000 characters")
          @Pattern(regexp = SafeValues.TEXT, message = SafeValues.TEXT_MESSAGE)
          String comment) {}

  @Schema(name = "ApprovalAnswer")
  record Answer(Approval approval, boolean signalled, String note) {}

  @ApiResponse(
      responseCode = "201",
      description = "Recorded in the ledger; signalled says whether the wake-up got through.",
      useReturnTypeSchema = true)
  @ApiResponse(
      responseCode = "409",
      description = "Already ended, this kind already approved, or this person already approved.")
  @PostMapping(RollbackLinks.BASE + "/{id}/approvals")
  ResponseEntity<Answer> approve(
      @Parameter(
              description = "The rollback id.",
              schema = @Schema(type = "string", pattern = SafeValues.ROLLBACK_ID))
          @PathVariable
          String id,
      @Valid @RequestBody ApprovalRequest body,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    if (!caller.has(Role.APPROVER_DBA) && !caller.has(Role.APPROVER_MANAGER)) {
      throw forbidden("approving needs the role approver:dba or approver:manager", caller);
    }
    Role needed =
        Role.fromId("approver:" + body.kind())
            .filter(r -> r == Role.APPROVER_DBA || r == Role.APPROVER_MANAGER)
            .orElseThrow(() -> new InvalidRequestException("kind", "must be dba or manager"));
    if (!caller.has(needed)) {
      throw forbidden("a " + body.kind() + " approval needs the role " + needed, caller);
    }
    RollbacksController.checkId(id);
    LedgerEntry rollback = ledger.find(id).orElseThrow(() -> ApiProblem.notFound("Rollback", id));
    if (!rollback.active()) {
      throw conflict(id + " has already ended " + rollback.status());
    }
    List<Approval> earlier = actions.approvals(id);
    for (Approval a : earlier) {
      if (a.kind().equals(body.kind())) {
        throw conflict(id + " already has a " + a.kind() + " approval, by " + a.approvedBy());
      }
      if (a.approvedBy().equals(caller.identity())) {
        throw conflict(
            caller.identity()
                + " already approved "
                + id
                + " as "
                + a.kind()
                + ": the approvals must come from different people");
      }
    }
    Approval approval;
    try {
      approval =
          tx.execute(
              status -> {
                Approval recorded =
                    actions.approve(id, body.kind(), caller.identity(), body.comment());
                actions.record(id, "approved " + body.kind(), caller.identity(), body.comment());
                return recorded;
              });
    } catch (DuplicateKeyException raced) {
      throw conflict(
          id
              + " already has a "
              + body.kind()
              + " approval, or one by "
              + caller.identity()
              + ": each kind once, each person once");
    }
    try {
      signals.approved(
          id, new dev.rewind.workflows.Approval(body.kind(), caller.identity(), body.comment()));
    } catch (TemporalUnavailableException e) {
      log.warn("{}: approval recorded, wake-up not delivered: {}", id, e.getMessage());
      return ResponseEntity.status(HttpStatus.CREATED)
          .body(
              new Answer(
                  approval,
                  false,
                  rollback.legacy()
                      ? "recorded, but not delivered to "
                          + id
                          + ", which was started by the previous Rewind version and counts"
                          + " delivered approvals only: abort it and request the rollback again"
                      : "recorded; the wake-up did not reach "
                          + id
                          + ", which reads its approvals from the ledger within a minute"));
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new Answer(approval, true, "recorded and delivered to " + id));
  }

  private static RuntimeException forbidden(String why, Caller caller) {
    return ApiProblem.of(
            HttpStatus.FORBIDDEN,
            "Forbidden",
            why + "; the token of " + caller.identity() + " has " + caller.roles())
        .exception();
  }

  private static RuntimeException conflict(String why) {
    return ApiProblem.of(HttpStatus.CONFLICT, "Approval refused", why).exception();
  }
}
