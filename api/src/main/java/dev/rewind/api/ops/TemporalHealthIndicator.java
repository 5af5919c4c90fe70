package dev.rewind.api.ops;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Temporal answers: part of readiness, because without it no rollback can be accepted (the api
 * would answer 503). Liveness does not include it: restarting the api does not bring Temporal back.
 */
@Component("temporal")
class TemporalHealthIndicator extends AbstractHealthIndicator {
  private final WorkflowServiceStubs stubs;

  TemporalHealthIndicator(WorkflowServiceStubs stubs) {
    super("Temporal is not reachable");
    this.stubs = stubs;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    var info =
        stubs
            .blockingStub()
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    builder.up().withDetail("serverVersion", info.getServerVersion());
  }
}
