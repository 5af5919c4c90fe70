package dev.rewind.workflows.core;

import io.temporal.activity.ActivityInterface;

/** Tells people what they must know, at the targets the worker's catalog names for the service. */
@ActivityInterface
public interface NotifyActivities {

  /**
   * Declares (or re-announces) a P0 incident to every escalation target of {@code target}'s service
   * and environment ({@code target.host()} is not used).
   */
  void declareIncident(Target target, Incident incident);
}
