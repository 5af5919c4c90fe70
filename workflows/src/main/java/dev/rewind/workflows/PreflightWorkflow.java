package dev.rewind.workflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * A dry run's checks, run by the workers that would run the rollback, so that the api never touches
 * a target itself: the backup present, intact and young enough; the target image present; the
 * known-good commit in every checkout; every host reachable (an agent's queue answers within
 * seconds, an SSH host connects). Changes nothing. Started by the api with {@link #TYPE} and waited
 * for; ends within {@link #TIMEOUT_SECONDS}.
 */
@WorkflowInterface
public interface PreflightWorkflow {
  String TYPE = "RollbackPreflight";
  int TIMEOUT_SECONDS = 30;

  @WorkflowMethod(name = TYPE)
  List<Precondition> check(RollbackPlan plan);
}
