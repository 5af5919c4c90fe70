package dev.rewind.api.rollbacks;

import dev.rewind.api.rollbacks.planning.RollbackPlanner;
import dev.rewind.api.rollbacks.planning.RollbackRequest;
import dev.rewind.workflows.RollbackPlan;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.stereotype.Service;

/**
 * Starts a rollback for another feature of the api (an assessment's {@code start: true}) the way
 * {@code POST /rollbacks} does without an Idempotency-Key: planned, recorded in the ledger and
 * started in Temporal, or refused with the same problems (400 naming the field, 409 naming the
 * active rollback).
 */
@Service
public class RollbackStarter {
  private final RollbackPlanner planner;
  private final RollbackIntake intake;
  private final RollbackLinks links;

  RollbackStarter(RollbackPlanner planner, RollbackIntake intake, RollbackLinks links) {
    this.planner = planner;
    this.intake = intake;
    this.links = links;
  }

  /** A rollback started: its id, the plan's one-line summary and where to follow it. */
  @Schema(name = "StartedRollback", description = "A rollback started by another call.")
  public record Started(String id, String status, String summary, String self, String temporalUi) {}

  /**
   * Starts {@code request}: {@code assessment}, when one made it, is the detection the plan
   * carries; under an Idempotency-Key of {@code requestedBy}'s ({@code key}, or null for none) the
   * same key and request answer the rollback started the first time (a drill's leg retried after
   * its answer was lost starts nothing twice).
   */
  public Started start(
      RollbackRequest request, String requestedBy, RollbackPlan.Assessment assessment, String key) {
    String hash = RequestHash.of(request);
    RollbackIntake.Accepted accepted =
        intake
            .replay(requestedBy, key, hash)
            .orElseGet(
                () -> intake.accept(planner.plan(request, requestedBy, assessment), key, hash));
    RollbackLinks.Links where = links.of(accepted.id());
    return new Started(
        accepted.id(), "PLANNED", accepted.plan().summary(), where.self(), where.temporalUi());
  }
}
