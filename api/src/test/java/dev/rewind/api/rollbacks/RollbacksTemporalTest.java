package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.api.temporal.TemporalConfig;
import dev.rewind.api.temporal.TemporalProperties;
import dev.rewind.api.temporal.TemporalUnavailableException;
import dev.rewind.api.testing.Plans;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflow;
import dev.rewind.workflows.TaskQueues;
import io.grpc.Status;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
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
  private static final String ID = "rollback-dev-demo-web-20260102030405-abcd";

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
    return Plans.containerRevert(reason);
  }

  private String start(RollbackPlan plan) {
    String id = rollbacks.newId(plan);
    rollbacks.start(id, plan);
    return id;
  }

  @Test
  void startsARollbackWorkflowOnTheControlQueueWithItsSearchAttributes() {
    String id = start(plan("5xx after deploy"));

    assertThat(id).matches("rollback-dev-demo-web-20260102030405-[a-z2-9]{4}");
    WorkflowExecutionDescription workflow = client.newUntypedWorkflowStub(id).describe();
    assertThat(workflow.getWorkflowType()).isEqualTo(RollbackWorkflow.TYPE);
    assertThat(workflow.getTaskQueue()).isEqualTo(TaskQueues.CONTROL);
    SearchAttributes attributes = workflow.getTypedSearchAttributes();
    assertThat(attributes.get(RewindSearchAttributes.SERVICE)).isEqualTo("demo-web");
    assertThat(attributes.get(RewindSearchAttributes.ENVIRONMENT)).isEqualTo("dev");
    assertThat(attributes.get(RewindSearchAttributes.STRATEGY)).isEqualTo("container-revert");
    assertThat(attributes.get(RewindSearchAttributes.STATUS)).isEqualTo("PLANNED");
    assertThat(workflow.getStaticSummary()).isEqualTo("container-revert demo-web dev v2 → v1");
    assertThat(workflow.getTypedSearchAttributes().size()).isEqualTo(4);
  }

  @Test
  void aRunningRollbackIsDescribedFromItsStateQuery() {
    String id = start(plan("5xx after deploy"));

    RollbackDescription found = rollbacks.find(id).orElseThrow();

    assertThat(found.status()).isEqualTo(RollbackStatus.RUNNING);
    assertThat(found.service()).isEqualTo("demo-web");
    assertThat(found.strategies()).containsExactly("container-revert");
    assertThat(found.state().attempt()).isEqualTo(1);
    assertThat(found.state().currentStep()).isEqualTo("inspect container");
    assertThat(found.state().steps()).hasSize(1);
    assertThat(found.detail()).isNull();
  }

  @Test
  void aFinishedRollbackIsDescribedFromItsResult() {
    String id = start(plan("5xx after deploy"));
    new RollbackSignals(client)
        .decided(id, new OperatorAction(7, OperatorAction.ABORT, "alice", "no"), false);
    WorkflowStub.fromTyped(client.newWorkflowStub(RollbackWorkflow.class, id))
        .getResult(RollbackState.class);

    RollbackDescription found = rollbacks.find(id).orElseThrow();

    assertThat(found.status()).isEqualTo(RollbackStatus.ABORTED);
    assertThat(found.state().outcome()).isEqualTo("aborted by alice (action 7)");
    assertThat(found.state().steps())
        .singleElement()
        .extracting(s -> s.endedAt())
        .isEqualTo(2_000L);
  }

  @Test
  void waitingAnswersAsSoonAsTheRollbackEnds() throws Exception {
    String id = start(plan("5xx after deploy"));
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
                  .abort(new OperatorAction(1, OperatorAction.ABORT, "alice", "no"));
            });
    operator.start();

    rollbacks.awaitEnd(id, Duration.ofSeconds(30));
    RollbackDescription found = rollbacks.find(id).orElseThrow();

    assertThat(found.status()).isEqualTo(RollbackStatus.ABORTED);
    operator.join();
  }

  @Test
  void waitingOnARollbackThatDoesNotEndAnswersItsStateWhenTheTimeIsUp() {
    String id = start(plan("5xx after deploy"));

    rollbacks.awaitEnd(id, Duration.ofSeconds(1));
    RollbackDescription found = rollbacks.find(id).orElseThrow();

    assertThat(found.status()).isEqualTo(RollbackStatus.RUNNING);
  }

  @Test
  void whenTheStateCannotBeQueriedTheRecordedStatusIsShown() {
    String id = start(plan(FakeRollbackWorkflow.BROKEN_QUERY));

    RollbackDescription found = rollbacks.find(id).orElseThrow();

    assertThat(found.status()).isEqualTo(RollbackStatus.PLANNED);
    assertThat(found.hasState()).isFalse();
    assertThat(found.detail()).contains("steps are unavailable");
  }

  @Test
  void anUnknownIdIsNoRollback() {
    assertThat(rollbacks.find("rollback-dev-demo-web-20260102030405-zzzz")).isEmpty();
  }

  @Test
  void anIdThatIsTakenIsNeverReused() {
    String id = start(plan("first"));

    assertThatThrownBy(() -> rollbacks.start(id, plan("second")))
        .isInstanceOf(Rollbacks.IdTakenException.class)
        .hasMessageContaining(id);
  }

  @Test
  void aStartWhoseAnswerWasLostButThatReachedTemporalIsStarted() {
    for (Status.Code code : List.of(Status.Code.DEADLINE_EXCEEDED, Status.Code.UNKNOWN)) {
      Rollbacks timingOut =
          new Rollbacks(
              LostAnswers.client(env, code, true), Clock.systemUTC(), new Random(code.value()));
      RollbackPlan plan = plan("5xx after deploy");
      String id = timingOut.newId(plan);

      timingOut.start(id, plan);

      assertThat(rollbacks.find(id)).as(code.name()).isPresent();
    }
  }

  @Test
  void aStartThatTimedOutBeforeReachingTemporalStartedNothing() {
    Rollbacks timingOut =
        new Rollbacks(
            LostAnswers.client(env, Status.Code.DEADLINE_EXCEEDED, false),
            Clock.systemUTC(),
            new Random(3));
    RollbackPlan plan = plan("5xx after deploy");
    String id = timingOut.newId(plan);

    assertThatThrownBy(() -> timingOut.start(id, plan))
        .isInstanceOf(TemporalUnavailableException.class)
        .hasMessageEndingWith("nothing was started, try again");
    assertThat(rollbacks.find(id)).isEmpty();
  }

  @Test
  void anUnreachableTemporalIsReportedAsUnavailable() {
    TemporalProperties nowhere =
        new TemporalProperties(
            "127.0.0.1:1", "default", URI.create("http://127.0.0.1:8233"), Duration.ofSeconds(5));
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(TemporalConfig.stubsOptions(nowhere));
    try {
      Rollbacks unreachable = new Rollbacks(WorkflowClient.newInstance(stubs));

      assertThatThrownBy(() -> unreachable.start(ID, plan("5xx after deploy")))
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
