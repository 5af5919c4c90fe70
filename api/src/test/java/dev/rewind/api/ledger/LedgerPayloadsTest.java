package dev.rewind.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.testing.Plans;
import dev.rewind.workflows.LedgerActivities;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.legacy.ContainerTarget;
import dev.rewind.workflows.legacy.HealthCheck;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The ledger worker serves the activity types of {@link LedgerActivities} to both workflow types:
 * what each sends reaches it in the shape it reads, through Temporal's own data converter.
 */
class LedgerPayloadsTest {
  private final DataConverter converter = DefaultDataConverter.newDefaultInstance();

  @Test
  void everyActivityTheWorkflowCallsIsServedWithTheSameArguments() {
    Map<String, Method> served =
        Arrays.stream(ServedLedgerActivities.class.getMethods())
            .collect(Collectors.toMap(Method::getName, m -> m));
    for (Method called : LedgerActivities.class.getMethods()) {
      Method serving = served.remove(called.getName());
      assertThat(serving).as(called.getName()).isNotNull();
      assertThat(serving.getReturnType()).isEqualTo(called.getReturnType());
      Class<?>[] expected = called.getParameterTypes();
      if (called.getName().equals("recordOutcome")) {
        expected[1] = OutcomePlan.class;
      }
      assertThat(serving.getParameterTypes()).as(called.getName()).containsExactly(expected);
    }
    assertThat(served).isEmpty();
  }

  @Test
  void aRollbackChainPlanIsReadWithItsVersions() {
    RollbackPlan plan = Plans.containerRevert("5xx");

    OutcomePlan read = roundTrip(plan, OutcomePlan.class);

    assertThat(read).isEqualTo(new OutcomePlan("demo-web", "dev", plan.versions()));
    assertThat(read.legacy()).isFalse();
    assertThat(roundTrip(plan, RollbackPlan.class)).isEqualTo(plan);
  }

  @Test
  void theFrozenWorkflowsPlanAndStateAreReadToo() {
    var legacy =
        new dev.rewind.workflows.legacy.RollbackPlan(
            "demo-web",
            "dev",
            "container-revert",
            "v2",
            "v1",
            "5xx",
            "deploy-pipeline",
            new ContainerTarget("local", "unix:///var/run/docker.sock", "demo-web", "app", false),
            new HealthCheck("http://127.0.0.1:18080/health", 200, 30),
            List.of("https://hooks.example/rewind"),
            15);
    var state =
        new dev.rewind.workflows.legacy.RollbackState(
            dev.rewind.workflows.legacy.RollbackStatus.SUCCEEDED,
            1,
            null,
            List.of(),
            List.of(),
            "rolled back to v1");

    OutcomePlan read = roundTrip(legacy, OutcomePlan.class);
    RollbackState current = roundTrip(state, RollbackState.class);

    assertThat(read).isEqualTo(new OutcomePlan("demo-web", "dev", null));
    assertThat(read.legacy()).isTrue();
    assertThat(current.status()).isEqualTo(RollbackStatus.SUCCEEDED);
    assertThat(current.outcome()).isEqualTo("rolled back to v1");
    assertThat(current.watch()).isNull();
  }

  private <T> T roundTrip(Object value, Class<T> type) {
    Payload payload = converter.toPayload(value).orElseThrow();
    return converter.fromPayload(payload, type, type);
  }
}
