package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.api.temporal.TemporalConfig;
import dev.rewind.api.temporal.TemporalProperties;
import dev.rewind.api.temporal.TemporalUnavailableException;
import dev.rewind.workflows.ContainerTarget;
import dev.rewind.workflows.HealthCheck;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflow;
import dev.rewind.workflows.TaskQueues;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Rollbacks} against Temporal's in-process test server, with a fake rollback workflow. */
class RollbacksTemporalTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Rollbacks rollbacks;

  @BeforeEach
  void startTemporal() {
    // Real time: with time skipping a waiting getResult would fast-forward to the run's timeout.
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    for (String name :
        List.of("RewindService", "RewindEnvironment", "RewindStrategy", "RewindStatus")) {
      env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker worker = env.newWorker(TaskQueues.CONTROL);
    worker.registerWorkflowImplementationTypes(FakeRollbackWorkflow.class);
    env.start();
    client = env.getWorkflowClient();
    rollbacks = new Rollbacks(client, Clock.fixed(NOW, ZoneOffset.UTC), new Random(7));
  }

  @AfterEach
  void stopTemporal() {
    env.close();
  }

  static RollbackPlan plan(String reason) {
    return new RollbackPlan(
        "demo-web",
        "dev",
        "container-revert",
        "v2",
        "v1",
        reason,
        "deploy-pipeline",
        new ContainerTarget("local", "unix:///var/run/docker.sock", "demo-web", "app", false),
        new HealthCheck("http://127.0.0.1:18080/health", 200, 30),
        List.of(),
        15);
  }

  @Test
  void startsARollbackWorkflowOnTheControlQueueWithItsSearchAttributes() {
    String id = rollbacks.start(plan("5xx after deploy"));

    assertThat(id).matches("rollback-dev-demo-web-20260102030405-[a-z2-9]{4}");
    WorkflowExecutionDescription workflow = client.newUntypedWorkflowStub(id).describe();
    assertThat(workflow.getWorkflowType()).isEqualTo("Rollback");
    assertThat(workflow.getTaskQueue()).isEqualTo(TaskQueues.CONTROL);
    SearchAttributes attributes = workflow.getTypedSearchAttributes();
    assertThat(attributes.get(RewindSearchAttributes.SERVICE)).isEqualTo("demo-web");
    assertThat(attributes.get(RewindSearchAttributes.ENVIRONMENT)).isEqualTo("dev");
    assertThat(attributes.get(RewindSearchAttributes.STRATEGY)).isEqualTo("container-revert");
    assertThat(attributes.get(RewindSearchAttributes.STATUS)).isEqualTo("PLANNED");
    assertThat(workflow.getStaticSummary()).isEqualTo("container-revert demo-web dev v2 → v1");
  }

  @Test
  void aRunningRollbackIsDescribedFromItsStateQuery() {
    String id = rollbacks.start(plan("5xx after deploy"));

    RollbackDescription found = rollbacks.find(id).orElseThrow();

    assertThat(found.status()).isEqualTo(RollbackStatus.RUNNING);
    assertThat(found.service()).isEqualTo("demo-web");
    assertThat(found.strategy()).isEqualTo("container-revert");
    assertThat(found.attempt()).isEqualTo(1);
    assertThat(found.currentStep()).isEqualTo("inspect container");
    assertThat(found.steps()).hasSize(1);
    assertThat(found.detail()).isNull();
  }

  @Test
  void aFinishedRollbackIsDescribedFromItsResult() {
    String id = rollbacks.start(plan("5xx after deploy"));
    client.newWorkflowStub(RollbackWorkflow.class, id).abort(new OperatorAction("alice", "no"));
    client.newUntypedWorkflowStub(id).getResult(RollbackState.class);

    RollbackDescription found = rollbacks.find(id).orElseThrow();

    assertThat(found.status()).isEqualTo(RollbackStatus.ABORTED);
    assertThat(found.outcome()).isEqualTo("aborted by alice");
    assertThat(found.steps()).singleElement().extracting(s -> s.endedAt()).isEqualTo(2_000L);
  }

  @Test
  void waitingAnswersAsSoonAsTheRollbackEnds() throws Exception {
    String id = rollbacks.start(plan("5xx after deploy"));
    Thread operator =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                return;
              }
              client
                  .newWorkflowStub(RollbackWorkflow.class, id)
                  .abort(new OperatorAction("alice", "no"));
            });
    operator.start();

    rollbacks.awaitEnd(id, Duration.ofSeconds(30));
    RollbackDescription found = rollbacks.find(id).orElseThrow();

    assertThat(found.status()).isEqualTo(RollbackStatus.ABORTED);
    operator.join();
  }

  @Test
  void waitingOnARollbackThatDoesNotEndAnswersItsStateWhenTheTimeIsUp() {
    String id = rollbacks.start(plan("5xx after deploy"));

    rollbacks.awaitEnd(id, Duration.ofSeconds(1));
    RollbackDescription found = rollbacks.find(id).orElseThrow();

    assertThat(found.status()).isEqualTo(RollbackStatus.RUNNING);
  }

  @Test
  void whenTheStateCannotBeQueriedTheRecordedStatusIsShown() {
    String id = rollbacks.start(plan(FakeRollbackWorkflow.BROKEN_QUERY));

    RollbackDescription found = rollbacks.find(id).orElseThrow();

    assertThat(found.status()).isEqualTo(RollbackStatus.PLANNED);
    assertThat(found.attempt()).isNull();
    assertThat(found.steps()).isEmpty();
    assertThat(found.detail()).contains("steps are unavailable");
  }

  @Test
  void anUnknownIdIsNoRollback() {
    assertThat(rollbacks.find("rollback-dev-demo-web-20260102030405-zzzz")).isEmpty();
  }

  @Test
  void anIdThatIsTakenIsNeverReused() {
    Rollbacks sameSuffix = new Rollbacks(client, Clock.fixed(NOW, ZoneOffset.UTC), () -> 0L);
    sameSuffix.start(plan("first"));

    assertThatThrownBy(() -> sameSuffix.start(plan("second")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("free rollback id");
  }

  @Test
  void anUnreachableTemporalIsReportedAsUnavailable() {
    TemporalProperties nowhere =
        new TemporalProperties(
            "127.0.0.1:1", "default", URI.create("http://127.0.0.1:8233"), Duration.ofSeconds(1));
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(TemporalConfig.stubsOptions(nowhere));
    try {
      Rollbacks unreachable = new Rollbacks(WorkflowClient.newInstance(stubs));

      assertThatThrownBy(() -> unreachable.start(plan("5xx after deploy")))
          .isInstanceOf(TemporalUnavailableException.class)
          .hasMessageStartingWith("Temporal is unavailable (UNAVAILABLE")
          .hasMessageEndingWith("nothing was started, try again");
      assertThatThrownBy(() -> unreachable.find("rollback-dev-demo-web-20260102030405-abcd"))
          .isInstanceOf(TemporalUnavailableException.class);
    } finally {
      stubs.shutdownNow();
    }
  }
}
