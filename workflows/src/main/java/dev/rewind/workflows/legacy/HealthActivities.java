package dev.rewind.workflows.legacy;

import io.temporal.activity.ActivityInterface;

/** Verification over HTTP, from the control worker. */
@ActivityInterface
public interface HealthActivities {

  /**
   * Polls {@code check.url()} until it answers {@code check.expectStatus()} (200 for "healthy", 503
   * for "in maintenance"); fails with {@link FailureTypes#HEALTH_TIMEOUT} after {@code
   * check.timeoutSeconds()}. Heartbeats and keeps its deadline across retries.
   */
  String awaitStatus(HealthCheck check);
}
