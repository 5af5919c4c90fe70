package dev.rewind.api.ledger;

import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import java.time.Instant;
import java.util.List;

/**
 * One rollback as the ledger holds it: its chain, versions, who asked and why, the plan, the last
 * state the workflow reported (null until it reported one) and, once ended, its outcome and end
 * time. {@code plan} is null for a rollback of the previous version ({@link #legacy()}), whose plan
 * had another shape; its columns still say what it was.
 */
public record LedgerEntry(
    String id,
    String service,
    String environment,
    List<String> strategies,
    String fromVersion,
    String toVersion,
    RollbackStatus status,
    boolean active,
    String requestedBy,
    String reason,
    String workflowType,
    RollbackPlan plan,
    RollbackState state,
    String outcome,
    Instant requestedAt,
    Instant finishedAt) {

  /** The workflow type of the rollbacks the previous version started. */
  public static final String LEGACY_TYPE = "Rollback";

  /** The chain joined with '+', as metrics and the {@code RewindStrategy} attribute name it. */
  public String strategy() {
    return String.join("+", strategies);
  }

  /** Started by the previous version as a {@code Rollback} workflow (frozen, until none runs). */
  public boolean legacy() {
    return LEGACY_TYPE.equals(workflowType);
  }
}
