package dev.rewind.workflows.legacy;

import io.temporal.activity.ActivityInterface;

/** Tells people what they must know: escalations go to the service's escalation contacts. */
@ActivityInterface
public interface NotifyActivities {

  /** Declares (or re-announces) a P0 incident to every contact. */
  void declareIncident(Incident incident);
}
