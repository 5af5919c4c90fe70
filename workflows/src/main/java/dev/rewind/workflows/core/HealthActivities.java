package dev.rewind.workflows.core;

import dev.rewind.workflows.HealthProbe;
import io.temporal.activity.ActivityInterface;

/** Verification over HTTP, from the control worker, of the health URL in its catalog. */
@ActivityInterface
public interface HealthActivities {

  /**
   * Polls {@code target}'s health URL until it answers {@code expectStatus} (200 for "healthy", 503
   * for "in maintenance"); fails with {@code HealthTimeout} after {@code timeoutSeconds}.
   * Heartbeats and keeps its deadline across retries.
   */
  String awaitStatus(Target target, int expectStatus, int timeoutSeconds);

  /** One check of {@code target}'s health URL, for the watch; never fails on a bad answer. */
  HealthProbe probe(Target target, int expectStatus);
}
