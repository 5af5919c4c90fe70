package dev.rewind.workflows.core;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/** Tells people what they must know, at the targets the worker's catalog names for the service. */
@ActivityInterface
public interface NotifyActivities {

  /**
   * Declares (or re-announces) a P0 incident to every escalation target of {@code target}'s service
   * and environment ({@code target.host()} is not used).
   */
  void declareIncident(Target target, Incident incident);

  /**
   * The catalog's routes for {@code target}'s service and environment: each event (as {@link
   * Notice#event()} spells it) to the names of its targets, never their URLs.
   */
  Map<String, List<String>> routes(Target target);

  /**
   * Posts {@code notice} to the catalog's target {@code name}, which must be routed for the
   * notice's event in {@code target}'s service and environment; returns what the receiver answered.
   */
  String deliver(Target target, String name, Notice notice);
}
