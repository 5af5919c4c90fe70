package dev.rewind.activities.health;

import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.HealthCheck;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HealthProbe;
import dev.rewind.workflows.core.HealthActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * Polls the catalog's health URL of a host until it answers the expected status. The deadline is
 * set once and kept in the heartbeat details, so a retry after a worker crash does not give the
 * service a fresh timeout.
 */
public class HealthActivitiesImpl implements HealthActivities {
  static final Duration POLL = Duration.ofMillis(200);

  private final CatalogTargets targets;
  private final HttpHealthProbe http = new HttpHealthProbe();

  public HealthActivitiesImpl(CatalogTargets targets) {
    this.targets = targets;
  }

  @Override
  public String awaitStatus(Target target, int expectStatus, int timeoutSeconds) {
    HealthCheck check = targets.health(target, expectStatus, timeoutSeconds);
    ActivityExecutionContext activity = Activity.getExecutionContext();
    long timeout = check.timeoutSeconds() <= 0 ? 60 : check.timeoutSeconds();
    long deadline =
        activity
            .getHeartbeatDetails(Long.class)
            .orElseGet(() -> System.currentTimeMillis() + timeout * 1000);
    while (true) {
      activity.heartbeat(deadline); // throws if the rollback was cancelled meanwhile
      HttpHealthProbe.Observation seen = http.probe(check.url(), check.expectStatus());
      if (seen.healthy()) {
        return seen.detail();
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no answer " + check.expectStatus() + " after " + timeout + "s; last: " + seen.detail(),
            FailureTypes.HEALTH_TIMEOUT);
      }
      try {
        Thread.sleep(Math.min(left, POLL.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
    }
  }

  @Override
  public HealthProbe probe(Target target, int expectStatus) {
    HealthCheck check = targets.health(target, expectStatus, 0);
    HttpHealthProbe.Observation seen = http.probe(check.url(), check.expectStatus());
    return new HealthProbe(
        target.host(), System.currentTimeMillis(), seen.status(), seen.error(), seen.healthy());
  }
}
