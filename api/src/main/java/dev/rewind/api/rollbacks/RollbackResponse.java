package dev.rewind.api.rollbacks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rewind.api.deployments.Deployment;
import dev.rewind.workflows.PlannedStep;
import dev.rewind.workflows.Precondition;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer to {@code POST /api/v1/rollbacks}: the started rollback (202), or for a dry run the
 * plan that would have been started (200, no id, no links) with its steps, the approvals it would
 * wait for and the preconditions checked now. {@code target} is the registry's entry of the target
 * version (its git sha, image, migration and backup), when the registry has one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RollbackResponse(
    String id,
    RollbackStatus status,
    boolean dryRun,
    String summary,
    @Schema(
            description =
                "The plan the workflow runs: a header (versions, topology by catalog name,"
                    + " approvals, escalation, watch) and the chain's strategies, every default"
                    + " decided.")
        RollbackPlan plan,
    @Schema(description = "Dry run: every step of the chain in order, with its compensation.")
        List<PlannedStep> steps,
    @Schema(description = "Dry run: the approval kinds the rollback would wait for.")
        List<String> approvals,
    @Schema(description = "Dry run: what the workers checked now (backup, commit, image, hosts).")
        List<Precondition> preconditions,
    Deployment target,
    RollbackLinks.Links links) {

  static RollbackResponse started(
      String id, RollbackPlan plan, Deployment target, RollbackLinks.Links links) {
    String summary = plan == null ? null : plan.summary();
    return new RollbackResponse(
        id, RollbackStatus.PLANNED, false, summary, plan, null, null, null, target, links);
  }

  static RollbackResponse dryRun(
      RollbackPlan plan,
      List<PlannedStep> steps,
      List<Precondition> preconditions,
      Deployment target) {
    return new RollbackResponse(
        null,
        RollbackStatus.PLANNED,
        true,
        plan.summary(),
        plan,
        steps,
        plan.approvals().required(),
        preconditions,
        target,
        null);
  }
}
