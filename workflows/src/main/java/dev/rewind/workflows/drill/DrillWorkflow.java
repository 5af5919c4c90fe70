package dev.rewind.workflows.drill;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A rollback drill (runbook 003, runbook 000's quarterly drills), started by the drill's Temporal
 * Schedule: it asks the api to roll the service back to its known-good version, waits for that
 * rollback to end, asks it to roll forward again to the version it ran, waits again, then has the
 * api record the run (each leg's outcome and duration against the SLA) and announces {@code
 * drill-result}. Every decision is the api's: this workflow only sequences its activities.
 */
@WorkflowInterface
public interface DrillWorkflow {
  /** The workflow type, as the Temporal UI lists it. */
  String TYPE = "RollbackDrill";

  @WorkflowMethod(name = TYPE)
  DrillRun drill(DrillInput input);
}
