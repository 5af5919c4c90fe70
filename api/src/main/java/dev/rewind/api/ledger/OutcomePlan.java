package dev.rewind.api.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.rewind.workflows.RollbackPlan;

/**
 * What {@code RecordOutcome} reads of the plan it is sent: a {@link RollbackPlan} of {@code
 * RollbackChain}, or the flat plan of the frozen {@code Rollback} workflow, which has no {@code
 * versions}; everything else is ignored (the ledger row has it).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutcomePlan(String service, String environment, RollbackPlan.Versions versions) {

  /** A plan of the frozen {@code Rollback} workflow. */
  public boolean legacy() {
    return versions == null;
  }
}
