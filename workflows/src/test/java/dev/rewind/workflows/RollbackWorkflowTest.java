package dev.rewind.workflows;

import static dev.rewind.workflows.RollbackFixtures.ORIGINAL_ID;
import static dev.rewind.workflows.RollbackFixtures.REPLACEMENT_ID;
import static dev.rewind.workflows.RollbackFixtures.ROLLBACK_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class RollbackWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .setDoNotStart(true)
          .registerSearchAttribute("RewindService", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute("RewindEnvironment", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute("RewindStrategy", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute("RewindStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .build();

  private final ContainerActivities docker =
      mock(ContainerActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final LedgerActivities ledger =
      mock(LedgerActivities.class, withSettings().withoutAnnotations());
  private final RollbackPlan plan = RollbackFixtures.containerRevert();
  private final ContainerTarget target = plan.container();
  private TestWorkflowEnvironment env;
  private RollbackWorkflow rollback;

  @BeforeEach
  void startWorker(TestWorkflowEnvironment env, WorkflowClient client) {
    this.env = env;
    Worker worker = env.newWorker(TaskQueues.CONTROL);
    worker.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    worker.registerActivitiesImplementations(docker, notify);
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger);
    env.start();
    when(docker.inspectContainer(target)).thenReturn(RollbackFixtures.runningOnBadVersion());
    when(docker.recreateContainer(target, ORIGINAL_ID, "billing-web:v1.5.2"))
        .thenReturn(REPLACEMENT_ID);
    rollback =
        client.newWorkflowStub(
            RollbackWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ROLLBACK_ID)
                .setTaskQueue(TaskQueues.CONTROL)
                .setTypedSearchAttributes(RewindSearchAttributes.initial(plan))
                .setStaticSummary(plan.summary())
                .build());
  }

  @Test
  void revertsTheContainerStepByStep() {
    RollbackState end = rollback.rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(1, end.attempt());
    InOrder order = inOrder(docker);
    order.verify(docker).inspectContainer(target);
    order.verify(docker).ensureImage(target, "billing-web:v1.5.2");
    order.verify(docker).retireContainer(target, ORIGINAL_ID, "billing-web-rewind-ab12");
    order.verify(docker).recreateContainer(target, ORIGINAL_ID, "billing-web:v1.5.2");
    order.verify(docker).startContainer(target, REPLACEMENT_ID);
    order.verify(docker).awaitHealthy(target, REPLACEMENT_ID, plan.health());
    order.verify(docker).removeContainer(target, ORIGINAL_ID);
    verify(docker, never()).reinstateContainer(any(), any());
    verify(docker, never()).discardReplacement(any(), any());
    assertEquals(7, end.steps().size());
    assertTrue(end.steps().stream().allMatch(s -> s.status() == StepStatus.SUCCEEDED));
    assertEquals(ORIGINAL_ID, end.snapshots().get(0).id());
    assertEquals("SUCCEEDED", statusAttribute());
  }

  @Test
  void reportsStatusChangesAndTheWholeTimelineToTheLedger() {
    RollbackState end = rollback.rollback(plan);

    verify(ledger)
        .recordStatus(eq(ROLLBACK_ID), eq(1), argThat(s -> s.status() == RollbackStatus.RUNNING));
    verify(ledger).recordOutcome(ROLLBACK_ID, plan, end);
    assertEquals(7, end.steps().size());
  }

  @Test
  void statusRecordsCarryAGrowingSequenceSoLateOnesCannotOverwriteNewerOnes() {
    doThrow(unhealthy())
        .doNothing()
        .when(docker)
        .awaitHealthy(target, REPLACEMENT_ID, plan.health());

    rollback.rollback(plan);

    InOrder sequence = inOrder(ledger);
    sequence
        .verify(ledger)
        .recordStatus(eq(ROLLBACK_ID), eq(1), argThat(s -> s.status() == RollbackStatus.RUNNING));
    sequence
        .verify(ledger)
        .recordStatus(
            eq(ROLLBACK_ID), eq(2), argThat(s -> s.status() == RollbackStatus.COMPENSATING));
    sequence
        .verify(ledger)
        .recordStatus(eq(ROLLBACK_ID), eq(3), argThat(s -> s.status() == RollbackStatus.RUNNING));
  }

  @Test
  void anUnreachableLedgerDoesNotFailARollbackThatDidItsJob() {
    doThrow(new RuntimeException("connection refused"))
        .when(ledger)
        .recordOutcome(any(), any(), any());
    doThrow(new RuntimeException("connection refused"))
        .when(ledger)
        .recordStatus(any(), anyInt(), any());

    RollbackState end = rollback.rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    verify(docker, times(1)).removeContainer(target, ORIGINAL_ID);
  }

  @Test
  void transientFailureIsRetriedWithinTheStep() {
    doThrow(new RuntimeException("connection refused"))
        .doNothing()
        .when(docker)
        .startContainer(target, REPLACEMENT_ID);

    RollbackState end = rollback.rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(1, end.attempt());
    verify(docker, times(2)).startContainer(target, REPLACEMENT_ID);
    verify(docker, times(1)).recreateContainer(any(), any(), any());
    verify(docker, never()).reinstateContainer(any(), any());
  }

  @Test
  void permanentFailureCompensatesThenSecondAttemptSucceeds() {
    doThrow(unhealthy())
        .doNothing()
        .when(docker)
        .awaitHealthy(target, REPLACEMENT_ID, plan.health());

    RollbackState end = rollback.rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(2, end.attempt());
    verify(docker, times(2)).awaitHealthy(target, REPLACEMENT_ID, plan.health());
    verify(docker, times(2)).retireContainer(target, ORIGINAL_ID, "billing-web-rewind-ab12");
    verify(docker, times(1)).removeContainer(target, ORIGINAL_ID);
    assertTrue(
        end.steps().stream()
            .anyMatch(
                s ->
                    s.attempt() == 1
                        && s.name().equals("wait healthy")
                        && s.status() == StepStatus.FAILED
                        && s.detail().startsWith(FailureTypes.UNHEALTHY)));
  }

  @Test
  void compensationsRunNewestFirstWithTheOriginalContainerId() {
    doThrow(unhealthy())
        .doNothing()
        .when(docker)
        .awaitHealthy(target, REPLACEMENT_ID, plan.health());

    rollback.rollback(plan);

    InOrder undo = inOrder(docker);
    undo.verify(docker).awaitHealthy(target, REPLACEMENT_ID, plan.health());
    undo.verify(docker).discardReplacement(target, ORIGINAL_ID);
    undo.verify(docker).reinstateContainer(target, ORIGINAL_ID);
    undo.verify(docker).inspectContainer(target);
  }

  @Test
  void missingImageChangesNothingAndEscalatesAfterTwoAttempts() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "image billing-web:v1.5.2 not found", FailureTypes.IMAGE_NOT_FOUND))
        .when(docker)
        .ensureImage(target, "billing-web:v1.5.2");
    WorkflowClient.start(rollback::rollback, plan);

    awaitState(s -> s.status() == RollbackStatus.ESCALATED);

    verify(docker, times(2)).ensureImage(target, "billing-web:v1.5.2");
    verify(docker, never()).retireContainer(any(), any(), any());
    verify(docker, never()).reinstateContainer(any(), any());
    verify(notify).declareIncident(any());
  }

  @Test
  void twoFailedAttemptsEscalateThenRetrySucceeds() {
    doThrow(unhealthy())
        .doThrow(unhealthy())
        .doNothing()
        .when(docker)
        .awaitHealthy(target, REPLACEMENT_ID, plan.health());
    WorkflowClient.start(rollback::rollback, plan);

    RollbackState escalated = awaitState(s -> s.status() == RollbackStatus.ESCALATED);
    assertEquals(2, escalated.attempt());
    assertEquals("ESCALATED", statusAttribute());
    verify(notify)
        .declareIncident(
            new Incident(
                ROLLBACK_ID,
                "ROLLBACK FAILED: " + plan.summary(),
                2,
                FailureTypes.UNHEALTHY + ": container exited with code 1",
                plan.escalationContacts(),
                1));

    rollback.retry(new OperatorAction("alice", "fixed the registry"));
    RollbackState end = resultOf();

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(3, end.attempt());
    verify(docker, times(2)).reinstateContainer(target, ORIGINAL_ID);
  }

  @Test
  void abortWhileEscalatedEndsAbortedWithEveryAttemptUndone() {
    doThrow(unhealthy()).when(docker).awaitHealthy(target, REPLACEMENT_ID, plan.health());
    WorkflowClient.start(rollback::rollback, plan);
    awaitState(s -> s.status() == RollbackStatus.ESCALATED);

    rollback.abort(new OperatorAction("bob", "restoring by hand"));
    RollbackState end = resultOf();

    assertEquals(RollbackStatus.ABORTED, end.status());
    assertEquals("aborted by bob: restoring by hand", end.outcome());
    verify(docker, times(2)).discardReplacement(target, ORIGINAL_ID);
    verify(docker, times(2)).reinstateContainer(target, ORIGINAL_ID);
    verify(docker, never()).removeContainer(any(), any());
    assertEquals("ABORTED", statusAttribute());
  }

  @Test
  void abortDuringTheHealthWaitCancelsItAndPutsTheOldContainerBack() {
    doAnswer(
            call -> {
              while (true) {
                Activity.getExecutionContext().heartbeat(null);
                Thread.sleep(50);
              }
            })
        .when(docker)
        .awaitHealthy(target, REPLACEMENT_ID, plan.health());
    WorkflowClient.start(rollback::rollback, plan);
    awaitState(s -> "wait healthy billing-web".equals(s.currentStep()));

    rollback.abort(new OperatorAction("carol", "wrong target version"));
    RollbackState end = resultOf();

    assertEquals(RollbackStatus.ABORTED, end.status());
    InOrder undo = inOrder(docker);
    undo.verify(docker).discardReplacement(target, ORIGINAL_ID);
    undo.verify(docker).reinstateContainer(target, ORIGINAL_ID);
    verify(docker, never()).removeContainer(any(), any());
    assertEquals(1, end.attempt());
  }

  @Test
  void abortWhileCompensatingStartsNoFurtherAttempt() {
    CountDownLatch undoing = new CountDownLatch(1);
    doThrow(unhealthy()).when(docker).awaitHealthy(target, REPLACEMENT_ID, plan.health());
    doAnswer(call -> undoing.await(30, TimeUnit.SECONDS))
        .when(docker)
        .discardReplacement(target, ORIGINAL_ID);
    WorkflowClient.start(rollback::rollback, plan);
    awaitState(s -> s.status() == RollbackStatus.COMPENSATING);

    rollback.abort(new OperatorAction("frank", "stop touching it"));
    undoing.countDown();
    RollbackState end = resultOf();

    assertEquals(RollbackStatus.ABORTED, end.status());
    assertEquals(1, end.attempt());
    verify(docker, times(1)).inspectContainer(target);
    verify(docker).reinstateContainer(target, ORIGINAL_ID);
  }

  @Test
  void resolveAfterEscalationEndsSucceededWithTheOperatorsNote() {
    doThrow(unhealthy()).when(docker).awaitHealthy(target, REPLACEMENT_ID, plan.health());
    WorkflowClient.start(rollback::rollback, plan);
    awaitState(s -> s.status() == RollbackStatus.ESCALATED);

    rollback.resolve(new OperatorAction("dave", "pinned v1.5.2 by hand"));
    RollbackState end = resultOf();

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals("resolved by hand by dave: pinned v1.5.2 by hand", end.outcome());
  }

  @Test
  void escalationRenotifiesWhileNobodyAnswers() {
    doThrow(unhealthy()).when(docker).awaitHealthy(target, REPLACEMENT_ID, plan.health());
    WorkflowClient.start(rollback::rollback, plan);
    awaitState(s -> s.status() == RollbackStatus.ESCALATED);

    env.sleep(Duration.ofMinutes(31));

    verify(notify, times(3)).declareIncident(any());
  }

  @Test
  void retryWhileRunningIsIgnored() {
    CountDownLatch healthy = new CountDownLatch(1);
    doAnswer(call -> healthy.await(30, TimeUnit.SECONDS))
        .when(docker)
        .awaitHealthy(target, REPLACEMENT_ID, plan.health());
    WorkflowClient.start(rollback::rollback, plan);
    awaitState(s -> "wait healthy billing-web".equals(s.currentStep()));

    rollback.retry(new OperatorAction("eve", "again"));
    healthy.countDown();
    RollbackState end = resultOf();

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(1, end.attempt());
    verify(docker, times(1)).inspectContainer(target);
  }

  private static ApplicationFailure unhealthy() {
    return ApplicationFailure.newNonRetryableFailure(
        "container exited with code 1", FailureTypes.UNHEALTHY);
  }

  private RollbackState awaitState(Predicate<RollbackState> condition) {
    for (int i = 0; i < 600; i++) {
      RollbackState state = rollback.state();
      if (condition.test(state)) {
        return state;
      }
      env.sleep(Duration.ofMillis(100));
    }
    throw new AssertionError("state never reached: " + rollback.state());
  }

  private RollbackState resultOf() {
    return WorkflowStub.fromTyped(rollback).getResult(RollbackState.class);
  }

  private String statusAttribute() {
    return env.getWorkflowClient().fetchHistory(ROLLBACK_ID).getEvents().stream()
        .filter(e -> e.hasUpsertWorkflowSearchAttributesEventAttributes())
        .reduce((first, second) -> second)
        .map(
            e ->
                e.getUpsertWorkflowSearchAttributesEventAttributes()
                    .getSearchAttributes()
                    .getIndexedFieldsMap()
                    .get("RewindStatus")
                    .getData()
                    .toStringUtf8()
                    .replace("\"", ""))
        .orElse("PLANNED");
  }
}
