package dev.rewind.api.rollbacks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rewind.api.deployments.Deployment;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackStatus;

/**
 * The answer to {@code POST /api/v1/rollbacks}: the started rollback (202), or for a dry run the
 * plan that would have been started (200, no id, no links). {@code target} is the registry's entry
 * of the target version (its git sha, image, migration and backup), when the registry has one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RollbackResponse(
    String id,
    RollbackStatus status,
    boolean dryRun,
    String summary,
    RollbackPlan plan,
    Deployment target,
    RollbackLinks.Links links) {

  static RollbackResponse started(
      String id, RollbackPlan plan, Deployment target, RollbackLinks.Links links) {
    return new RollbackResponse(
        id, RollbackStatus.PLANNED, false, plan.summary(), plan, target, links);
  }

  static RollbackResponse dryRun(RollbackPlan plan, Deployment target) {
    return new RollbackResponse(
        null, RollbackStatus.PLANNED, true, plan.summary(), plan, target, null);
  }
}
