package dev.rewind.workflows;

import static dev.rewind.workflows.Plans.ORIGINAL_ID;
import static dev.rewind.workflows.Plans.REPLACEMENT_ID;
import static dev.rewind.workflows.Plans.ROLLBACK_ID;
import static dev.rewind.workflows.Rollbacks.awaitState;
import static dev.rewind.workflows.Rollbacks.awaitStatus;
import static dev.rewind.workflows.Rollbacks.resultOf;
import static dev.rewind.workflows.Rollbacks.statusAttribute;
import static dev.rewind.workflows.Rollbacks.steps;
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
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.container.ContainerActivities;
import dev.rewind.workflows.container.ContainerFailures;
import dev.rewind.workflows.core.HealthActivities;
import dev.rewind.workflows.core.HostActivities;
import dev.rewind.workflows.core.Incident;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * {@code container-revert} as a chain of one, with mocked Docker, health, host and notification
 * activities and the api's ledger: the steps in order, retries, compensation and the second
 * attempt, escalation and the operator's decisions, abort at any point, maintenance around it.
 */
class ContainerRevertWorkflowTest {
  private static final String TAG = "v1.5.2";
  private static final HealthPolicy HEALTH = new HealthPolicy(200, 60);

  @RegisterExtension static final TestWorkflowExtension testWorkflow = Rollbacks.extension();

  private final ContainerActivities docker =
      mock(ContainerActivities.class, withSettings().withoutAnnotations());
  private final HealthActivities health =
      mock(HealthActivities.class, withSettings().withoutAnnotations());
  private final HostActivities commands =
      mock(HostActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final ApiLedger ledger = new ApiLedger();
  private final RollbackPlan plan = Plans.of(Plans.CONTAINER).plan();
  private final Target on = Target.of(plan, HostRef.agent("local"));
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private RollbackWorkflow rollback;

  @BeforeEach
  void startWorkers(TestWorkflowEnvironment env, WorkflowClient client) {
    this.env = env;
    this.client = client;
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(docker, health, notify);
    env.newWorker(TaskQueues.host("local")).registerActivitiesImplementations(commands);
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger.activities);
    env.start();
    when(docker.inspectContainer(on)).thenReturn(Plans.runningOnBadVersion());
    when(docker.recreateContainer(on, ORIGINAL_ID, TAG)).thenReturn(REPLACEMENT_ID);
    rollback = Rollbacks.stub(client, plan);
  }

  @Test
  void revertsTheContainerStepByStepThenTheChainVerifiesHealth() {
    RollbackState end = rollback.rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(1, end.attempt());
    InOrder order = inOrder(docker, health);
    order.verify(docker).inspectContainer(on);
    order.verify(docker).ensureImage(on, TAG);
    order.verify(docker).retireContainer(on, ORIGINAL_ID, "ab12");
    order.verify(docker).recreateContainer(on, ORIGINAL_ID, TAG);
    order.verify(docker).startContainer(on, REPLACEMENT_ID);
    order.verify(docker).awaitHealthy(on, REPLACEMENT_ID, HEALTH);
    order.verify(docker).removeContainer(on, ORIGINAL_ID);
    order.verify(health).awaitStatus(on, 200, 60);
    verify(docker, never()).reinstateContainer(any(), any());
    verify(docker, never()).discardReplacement(any(), any());
    verifyNoInteractions(commands); // the catalog declares no maintenance
    assertEquals(
        List.of(
            "inspect container",
            "ensure image",
            "stop and rename container",
            "create container",
            "start container",
            "wait healthy",
            "remove old container",
            "verify health"),
        end.steps().stream().map(StepRecord::name).toList());
    assertTrue(end.steps().stream().allMatch(s -> s.status() == StepStatus.SUCCEEDED));
    assertEquals(ORIGINAL_ID, end.snapshots().get(0).id());
    assertEquals("SUCCEEDED", statusAttribute(env));
  }

  @Test
  void reportsStatusChangesTheVersionRolledBackToAndTheWholeTimelineToTheLedger() {
    RollbackState end = rollback.rollback(plan);

    verify(ledger.activities, timeout(10_000))
        .recordStatus(eq(ROLLBACK_ID), eq(1), argThat(s -> s.status() == RollbackStatus.RUNNING));
    verify(ledger.activities).recordRolledBack(ROLLBACK_ID, plan);
    verify(ledger.activities).recordOutcome(ROLLBACK_ID, plan, end);
    assertEquals(8, end.steps().size());
  }

  @Test
  void statusRecordsCarryAGrowingSequenceSoLateOnesCannotOverwriteNewerOnes() {
    doThrow(unhealthy()).doNothing().when(docker).awaitHealthy(on, REPLACEMENT_ID, HEALTH);

    rollback.rollback(plan);

    // sent without waiting, they may arrive in any order: the sequence says which is newer
    verify(ledger.activities, timeout(10_000))
        .recordStatus(eq(ROLLBACK_ID), eq(1), argThat(s -> s.status() == RollbackStatus.RUNNING));
    verify(ledger.activities, timeout(10_000))
        .recordStatus(
            eq(ROLLBACK_ID), eq(2), argThat(s -> s.status() == RollbackStatus.COMPENSATING));
    verify(ledger.activities, timeout(10_000))
        .recordStatus(
            eq(ROLLBACK_ID),
            eq(3),
            argThat(s -> s.status() == RollbackStatus.RUNNING && s.attempt() == 2));
  }

  @Test
  void anUnreachableLedgerDoesNotFailARollbackThatDidItsJob() {
    RuntimeException refused = new RuntimeException("connection refused");
    doThrow(refused).when(ledger.activities).recordStatus(any(), anyInt(), any());
    doThrow(refused).when(ledger.activities).recordRolledBack(any(), any());
    doThrow(refused).when(ledger.activities).recordOutcome(any(), any(), any());

    RollbackState end = rollback.rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    verify(docker, times(1)).removeContainer(on, ORIGINAL_ID);
  }

  @Test
  void transientFailureIsRetriedWithinTheStep() {
    doThrow(new RuntimeException("connection refused"))
        .doNothing()
        .when(docker)
        .startContainer(on, REPLACEMENT_ID);

    RollbackState end = rollback.rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(1, end.attempt());
    verify(docker, times(2)).startContainer(on, REPLACEMENT_ID);
    verify(docker, times(1)).recreateContainer(any(), any(), any());
    verify(docker, never()).reinstateContainer(any(), any());
  }

  @Test
  void permanentFailureCompensatesThenSecondAttemptSucceeds() {
    doThrow(unhealthy()).doNothing().when(docker).awaitHealthy(on, REPLACEMENT_ID, HEALTH);

    RollbackState end = rollback.rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(2, end.attempt());
    verify(docker, times(2)).awaitHealthy(on, REPLACEMENT_ID, HEALTH);
    verify(docker, times(2)).retireContainer(on, ORIGINAL_ID, "ab12");
    verify(docker, times(1)).discardReplacement(on, ORIGINAL_ID);
    verify(docker, times(1)).reinstateContainer(on, ORIGINAL_ID);
    verify(docker, times(1)).removeContainer(on, ORIGINAL_ID);
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
    doThrow(unhealthy()).doNothing().when(docker).awaitHealthy(on, REPLACEMENT_ID, HEALTH);

    rollback.rollback(plan);

    InOrder undo = inOrder(docker);
    undo.verify(docker).awaitHealthy(on, REPLACEMENT_ID, HEALTH);
    undo.verify(docker).discardReplacement(on, ORIGINAL_ID);
    undo.verify(docker).reinstateContainer(on, ORIGINAL_ID);
    undo.verify(docker).inspectContainer(on);
  }

  @Test
  void missingImageChangesNothingAndEscalatesAfterTwoAttempts() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "image billing-web:v1.5.2 not found", ContainerFailures.IMAGE_NOT_FOUND))
        .when(docker)
        .ensureImage(on, TAG);
    WorkflowClient.start(rollback::rollback, plan);

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertTrue(
        escalated.outcome().startsWith(ContainerFailures.IMAGE_NOT_FOUND), escalated.outcome());
    // once per attempt: a permanent failure is not retried within the step
    verify(docker, times(2)).inspectContainer(on);
    verify(docker, times(2)).ensureImage(on, TAG);
    verify(docker, never()).retireContainer(any(), any(), any());
    verify(docker, never()).recreateContainer(any(), any(), any());
    verify(docker, never()).reinstateContainer(any(), any());
    verify(notify, timeout(10_000)).declareIncident(eq(on), any());
  }

  @Test
  void twoFailedAttemptsEscalateThenRetrySucceeds() {
    doThrow(unhealthy())
        .doThrow(unhealthy())
        .doNothing()
        .when(docker)
        .awaitHealthy(on, REPLACEMENT_ID, HEALTH);
    WorkflowClient.start(rollback::rollback, plan);

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);
    assertEquals(2, escalated.attempt());
    assertEquals("ESCALATED", statusAttribute(env));
    verify(notify, timeout(10_000))
        .declareIncident(
            on,
            new Incident(
                ROLLBACK_ID,
                "ROLLBACK FAILED: " + plan.summary(),
                2,
                FailureTypes.UNHEALTHY + ": container exited with code 1",
                1));

    rollback.retry(ledger.act(OperatorAction.RETRY, "alice", "fixed the registry"));
    RollbackState end = resultOf(rollback);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(3, end.attempt());
    verify(docker, times(3)).retireContainer(on, ORIGINAL_ID, "ab12");
    verify(docker, times(2)).reinstateContainer(on, ORIGINAL_ID);
    verify(docker, times(1)).removeContainer(on, ORIGINAL_ID);
  }

  @Test
  void abortWhileEscalatedEndsAbortedWithEveryAttemptUndone() {
    doThrow(unhealthy()).when(docker).awaitHealthy(on, REPLACEMENT_ID, HEALTH);
    WorkflowClient.start(rollback::rollback, plan);
    awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    rollback.abort(ledger.act(OperatorAction.ABORT, "bob", "restoring by hand"));
    RollbackState end = resultOf(rollback);

    assertEquals(RollbackStatus.ABORTED, end.status());
    assertEquals("aborted by bob: restoring by hand", end.outcome());
    verify(docker, times(2)).discardReplacement(on, ORIGINAL_ID);
    verify(docker, times(2)).reinstateContainer(on, ORIGINAL_ID);
    verify(docker, never()).removeContainer(any(), any());
    assertEquals("ABORTED", statusAttribute(env));
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
        .awaitHealthy(on, REPLACEMENT_ID, HEALTH);
    WorkflowClient.start(rollback::rollback, plan);
    awaitState(
        env, rollback, s -> "wait healthy local: container fedcba987654".equals(s.currentStep()));

    rollback.abort(ledger.act(OperatorAction.ABORT, "carol", "wrong target version"));
    RollbackState end = resultOf(rollback);

    assertEquals(RollbackStatus.ABORTED, end.status());
    assertEquals(1, end.attempt());
    InOrder undo = inOrder(docker);
    undo.verify(docker).discardReplacement(on, ORIGINAL_ID);
    undo.verify(docker).reinstateContainer(on, ORIGINAL_ID);
    verify(docker, never()).removeContainer(any(), any());
    assertEquals(StepStatus.CANCELED, steps(end, "wait healthy").get(0).status());
  }

  @Test
  void abortWhileCompensatingStartsNoFurtherAttempt() {
    CountDownLatch undoing = new CountDownLatch(1);
    doThrow(unhealthy()).when(docker).awaitHealthy(on, REPLACEMENT_ID, HEALTH);
    doAnswer(call -> undoing.await(30, TimeUnit.SECONDS))
        .when(docker)
        .discardReplacement(on, ORIGINAL_ID);
    WorkflowClient.start(rollback::rollback, plan);
    awaitStatus(env, rollback, RollbackStatus.COMPENSATING);

    rollback.abort(ledger.act(OperatorAction.ABORT, "frank", "stop touching it"));
    awaitState(env, rollback, s -> !steps(s, "abort requested").isEmpty());
    undoing.countDown();
    RollbackState end = resultOf(rollback);

    assertEquals(RollbackStatus.ABORTED, end.status());
    assertEquals(1, end.attempt());
    verify(docker, times(1)).inspectContainer(on);
    verify(docker, times(1)).discardReplacement(on, ORIGINAL_ID);
    verify(docker, times(1)).reinstateContainer(on, ORIGINAL_ID);
  }

  @Test
  void resolveAfterEscalationEndsSucceededWithTheOperatorsNote() {
    doThrow(unhealthy()).when(docker).awaitHealthy(on, REPLACEMENT_ID, HEALTH);
    WorkflowClient.start(rollback::rollback, plan);
    awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    rollback.resolve(ledger.act(OperatorAction.RESOLVE, "dave", "pinned v1.5.2 by hand"));
    RollbackState end = resultOf(rollback);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals("resolved by hand by dave: pinned v1.5.2 by hand", end.outcome());
    verify(docker, times(2)).reinstateContainer(on, ORIGINAL_ID);
  }

  @Test
  void escalationRenotifiesWithTheIntervalDoublingFromRenotifyMinutesUpToFourHours() {
    doThrow(unhealthy()).when(docker).awaitHealthy(on, REPLACEMENT_ID, HEALTH);
    WorkflowClient.start(rollback::rollback, plan);
    awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    env.sleep(Duration.ofHours(12)); // renotifyMinutes 15: at 0, 15, 45, 105, 225, 465, 705 min

    List<Long> sentAt =
        steps(rollback.state(), "declare P0 incident").stream().map(StepRecord::startedAt).toList();
    assertEquals(List.of(15L, 30L, 60L, 120L, 240L, 240L), minutesBetween(sentAt));
    verify(notify, times(7)).declareIncident(eq(on), any());
    for (int n = 1; n <= 7; n++) {
      int notification = n;
      verify(notify).declareIncident(eq(on), argThat(i -> i.notification() == notification));
    }
  }

  @Test
  void escalationSendsAtMostEightNotificationsHoweverLongNobodyAnswers() {
    doThrow(unhealthy()).when(docker).awaitHealthy(on, REPLACEMENT_ID, HEALTH);
    WorkflowClient.start(rollback::rollback, plan);
    awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    env.sleep(Duration.ofDays(7));

    RollbackState still = rollback.state();
    assertEquals(RollbackStatus.ESCALATED, still.status());
    assertEquals(8, steps(still, "declare P0 incident").size());
    verify(notify, times(8)).declareIncident(eq(on), any());
    verify(notify, never()).declareIncident(any(), argThat(i -> i.notification() > 8));

    rollback.resolve(ledger.act(OperatorAction.RESOLVE, "dave", "fixed over the weekend"));
    assertEquals(RollbackStatus.SUCCEEDED, resultOf(rollback).status());
  }

  @Test
  void retryWhileRunningIsIgnored() {
    CountDownLatch healthy = new CountDownLatch(1);
    doAnswer(call -> healthy.await(30, TimeUnit.SECONDS))
        .when(docker)
        .awaitHealthy(on, REPLACEMENT_ID, HEALTH);
    WorkflowClient.start(rollback::rollback, plan);
    awaitState(
        env, rollback, s -> "wait healthy local: container fedcba987654".equals(s.currentStep()));

    rollback.retry(ledger.act(OperatorAction.RETRY, "eve", "again"));
    awaitState(env, rollback, s -> !steps(s, "ignored retry").isEmpty());
    healthy.countDown();
    RollbackState end = resultOf(rollback);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(1, end.attempt());
    verify(docker, times(1)).inspectContainer(on);
    assertEquals("the rollback is RUNNING", steps(end, "ignored retry").get(0).detail());
  }

  @Test
  void usesTheCatalogsMaintenanceVerifiedOnBeforeTheRevertAndOffBeforeTheFinalHealthCheck() {
    RollbackPlan maintained = Plans.of(Plans.CONTAINER).maintenance(503).plan();
    HealthUrl url = HealthUrl.wire(503, commands, health);
    doAnswer(call -> url.expect(call.<HealthPolicy>getArgument(2).expectStatus()))
        .when(docker)
        .awaitHealthy(any(), any(), any());

    RollbackState end = Rollbacks.stub(client, maintained).rollback(maintained);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(1, end.attempt());
    InOrder order = inOrder(commands, docker, health);
    order.verify(commands).runCommand(eq(on), eq(HostCommand.MAINTENANCE_ON), any());
    order.verify(health).awaitStatus(on, 503, 60);
    order.verify(docker).inspectContainer(on);
    order.verify(docker).retireContainer(on, ORIGINAL_ID, "ab12");
    // the replacement is up when it answers as the service does in maintenance
    order.verify(docker).awaitHealthy(on, REPLACEMENT_ID, new HealthPolicy(503, 60));
    order.verify(docker).removeContainer(on, ORIGINAL_ID);
    order.verify(commands).runCommand(eq(on), eq(HostCommand.MAINTENANCE_OFF), any());
    order.verify(health).awaitStatus(on, 200, 60);
    verify(commands, times(1)).runCommand(any(), eq(HostCommand.MAINTENANCE_ON), any());
    verify(commands, times(1)).runCommand(any(), eq(HostCommand.MAINTENANCE_OFF), any());
    assertEquals(200, url.answer());
  }

  private static List<Long> minutesBetween(List<Long> times) {
    return IntStream.range(1, times.size())
        .mapToObj(i -> Duration.ofMillis(times.get(i) - times.get(i - 1)).toMinutes())
        .toList();
  }

  private static ApplicationFailure unhealthy() {
    return ApplicationFailure.newNonRetryableFailure(
        "container exited with code 1", FailureTypes.UNHEALTHY);
  }
}
