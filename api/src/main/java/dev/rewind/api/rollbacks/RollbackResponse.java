package dev.rewind.api.rollbacks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackStatus;

/**
 * The answer to {@code POST /api/v1/rollbacks}: the started rollback (202), or for a dry run the
 * plan that would have been started (200, no id, no links).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RollbackResponse(
    String id,
    RollbackStatus status,
    boolean dryRun,
    String summary,
    RollbackPlan plan,
    RollbackLinks.Links links) {

  static RollbackResponse started(String id, RollbackPlan plan, RollbackLinks.Links links) {
    return new RollbackResponse(id, RollbackStatus.PLANNED, false, plan.summary(), plan, links);
  }

  static RollbackResponse dryRun(RollbackPlan plan) {
    return new RollbackResponse(null, RollbackStatus.PLANNED, true, plan.summary(), plan, null);
  }
}
