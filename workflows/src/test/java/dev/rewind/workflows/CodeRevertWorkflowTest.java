package dev.rewind.workflows;

import static dev.rewind.workflows.Plans.GOOD_SHA;
import static dev.rewind.workflows.Rollbacks.awaitStatus;
import static dev.rewind.workflows.Rollbacks.steps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.rewind.workflows.code.CodeRevertPlan;
import dev.rewind.workflows.code.GitActivities;
import dev.rewind.workflows.code.GitFailures;
import dev.rewind.workflows.code.GitHead;
import dev.rewind.workflows.core.HealthActivities;
import dev.rewind.workflows.core.HostActivities;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * {@code code-revert} as a chain of one, with mocked git, host, health and notification activities
 * and the api's ledger: the steps of each host on its own queue, canary first, the parallelism
 * bound, each host's compensation registered before its checkout changes and run newest first, and
 * the chain's maintenance around it all.
 */
class CodeRevertWorkflowTest {
  /** The values the catalog's command placeholders get: the version and the known-good sha. */
  private static final Map<String, String> VALUES = Map.of("version", "v1.5.2", "gitSha", GOOD_SHA);

  @RegisterExtension static final TestWorkflowExtension testWorkflow = Rollbacks.extension();

  private final HostActivities commands =
      mock(HostActivities.class, withSettings().withoutAnnotations());
  private final GitActivities git = mock(GitActivities.class, withSettings().withoutAnnotations());
  private final HealthActivities health =
      mock(HealthActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final ApiLedger ledger = new ApiLedger();
  private final Map<String, String> recordedOnQueue = new ConcurrentHashMap<>();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void startWorkers(TestWorkflowEnvironment env, WorkflowClient client) {
    this.env = env;
    this.client = client;
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(health, notify);
    for (String host : List.of("a", "b", "c", "d")) {
      env.newWorker(TaskQueues.host(host)).registerActivitiesImplementations(commands, git);
    }
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger.activities);
    env.start();
    when(git.recordHead(any()))
        .thenAnswer(
            call -> {
              Target host = call.getArgument(0);
              String queue = Activity.getExecutionContext().getInfo().getActivityTaskQueue();
              recordedOnQueue.put(host.host(), queue);
              return head(host);
            });
  }

  @Test
  void revertsRestartsAndVerifiesOnTheHostsOwnQueueThenTheChainVerifiesAgain() {
    RollbackPlan plan = Plans.of(Plans.CODE).hosts(HostRef.agent("a")).plan();

    RollbackState end = run(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    Target a = target(plan, "a");
    InOrder order = inOrder(git, commands, health);
    order.verify(git).recordHead(a);
    order.verify(git).revertAfter(a, GOOD_SHA, head(a));
    order.verify(commands).runCommand(a, HostCommand.REINSTALL, VALUES);
    order.verify(commands).runCommand(a, HostCommand.STOP, VALUES);
    order.verify(commands).runCommand(a, HostCommand.START, VALUES);
    // verified by the host's own rollout, then once more by the chain at its end
    order.verify(health, times(2)).awaitStatus(a, 200, 60);
    verify(git, never()).restoreHead(any(), any());
    assertEquals(Map.of("a", TaskQueues.host("a")), recordedOnQueue);
    assertTrue(
        end.steps().stream()
            .anyMatch(s -> s.name().equals("snapshot") && s.detail().contains(head(a).sha())));
  }

  @Test
  void checkoutModeChecksOutTheKnownGoodSha() {
    CodeRevertPlan checkout = new CodeRevertPlan(GOOD_SHA, CodeRevertPlan.Mode.CHECKOUT);
    RollbackPlan plan = Plans.of(checkout).hosts(HostRef.agent("a")).plan();

    assertEquals(RollbackStatus.SUCCEEDED, run(plan).status());
    Target a = target(plan, "a");
    verify(git).checkout(a, GOOD_SHA, head(a));
    verify(git, never()).revertAfter(any(), any(), any());
  }

  @Test
  void failingCanaryLeavesTheOtherHostsUntouched() {
    RollbackPlan plan = Plans.of(Plans.CODE).hosts(hosts("a", "b", "c")).rollout(3, true).plan();
    Target canary = target(plan, "a");
    when(health.awaitStatus(canary, 200, 60)).thenThrow(unhealthy());
    RollbackWorkflow rollback = start(plan);

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertTrue(escalated.outcome().startsWith(FailureTypes.HEALTH_TIMEOUT), escalated.outcome());
    verify(health, times(2)).awaitStatus(canary, 200, 60);
    verify(git, times(2)).recordHead(canary);
    verify(git, times(2)).revertAfter(canary, GOOD_SHA, head(canary));
    verify(git, times(2)).restoreHead(canary, head(canary));
    for (String other : List.of("b", "c")) {
      Target host = target(plan, other);
      verify(git, never()).recordHead(host);
      verify(commands, never()).runCommand(eq(host), any(), any());
    }
    assertEquals(Set.of("a"), recordedOnQueue.keySet());
  }

  @Test
  void noMoreThanMaxParallelHostsAtOnce() {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    doAnswer(
            call -> {
              most.accumulateAndGet(now.incrementAndGet(), Math::max);
              Thread.sleep(300);
              now.decrementAndGet();
              return "reverted";
            })
        .when(git)
        .revertAfter(any(), anyString(), any());
    RollbackPlan plan =
        Plans.of(Plans.CODE).hosts(hosts("a", "b", "c", "d")).rollout(2, false).plan();

    RollbackState end = run(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(2, most.get());
    verify(git, times(4)).revertAfter(any(), anyString(), any());
    for (String host : List.of("a", "b", "c", "d")) {
      assertEquals(TaskQueues.host(host), recordedOnQueue.get(host));
    }
  }

  @Test
  void conflictCompensatesWithTheRecordedHeadThenRestarts() {
    RollbackPlan plan = Plans.of(Plans.CODE).hosts(HostRef.agent("a")).plan();
    Target a = target(plan, "a");
    when(git.revertAfter(a, GOOD_SHA, head(a)))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "conflict in app.py", GitFailures.MERGE_CONFLICT));
    RollbackWorkflow rollback = start(plan);

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertTrue(escalated.outcome().startsWith(GitFailures.MERGE_CONFLICT), escalated.outcome());
    verify(git, times(2)).recordHead(a);
    verify(git, times(2)).revertAfter(a, GOOD_SHA, head(a));
    verify(git, times(2)).restoreHead(a, head(a));
    InOrder undo = inOrder(git, commands);
    undo.verify(git).revertAfter(a, GOOD_SHA, head(a));
    undo.verify(git).restoreHead(a, head(a));
    undo.verify(commands).runCommand(a, HostCommand.STOP, VALUES);
    undo.verify(commands).runCommand(a, HostCommand.START, VALUES);
    verify(commands, never()).runCommand(eq(a), eq(HostCommand.REINSTALL), any());
    assertEquals(
        List.of(
            "compensate: reset to recorded HEAD",
            "compensate: stop service",
            "compensate: start service"),
        escalated.steps().stream()
            .filter(s -> s.attempt() == 1 && s.name().startsWith("compensate"))
            .map(StepRecord::name)
            .toList());
    assertTrue(
        escalated.steps().stream()
            .anyMatch(
                s ->
                    s.name().equals("revert commits")
                        && s.status() == StepStatus.FAILED
                        && s.detail().startsWith(GitFailures.MERGE_CONFLICT)));
  }

  @Test
  void maintenanceIsVerifiedOnBeforeTheRevertAndTurnedOffBeforeTheFinalHealthCheck() {
    RollbackPlan plan = Plans.of(Plans.CODE).hosts(HostRef.agent("a")).maintenance(503).plan();
    HealthUrl url = HealthUrl.wire(503, commands, health);

    RollbackState end = run(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(1, end.attempt());
    Target a = target(plan, "a");
    InOrder order = inOrder(git, commands, health);
    order.verify(commands).runCommand(a, HostCommand.MAINTENANCE_ON, VALUES);
    order.verify(health).awaitStatus(a, 503, 60);
    order.verify(git).recordHead(a);
    order.verify(git).revertAfter(a, GOOD_SHA, head(a));
    order.verify(commands).runCommand(a, HostCommand.START, VALUES);
    // restarted in maintenance, the host is up when it answers as it does in maintenance
    order.verify(health).awaitStatus(a, 503, 60);
    order.verify(commands).runCommand(a, HostCommand.MAINTENANCE_OFF, VALUES);
    order.verify(health).awaitStatus(a, 200, 60);
    verify(commands, times(1)).runCommand(a, HostCommand.MAINTENANCE_OFF, VALUES);
    assertEquals(200, url.answer());
  }

  @Test
  void compensationNoLongerTurnsMaintenanceOffItStaysOnThroughTheSecondAttemptAndEscalation() {
    RollbackPlan plan = Plans.of(Plans.CODE).hosts(HostRef.agent("a")).maintenance(null).plan();
    Target a = target(plan, "a");
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "conflict in app.py", GitFailures.MERGE_CONFLICT))
        .when(git)
        .revertAfter(a, GOOD_SHA, head(a));
    RollbackWorkflow rollback = start(plan);

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    verify(git, times(2)).restoreHead(a, head(a));
    verify(notify, timeout(10_000)).declareIncident(eq(a), any());
    verify(commands, never()).runCommand(any(), eq(HostCommand.MAINTENANCE_OFF), any());
    // each attempt makes sure maintenance is on before it changes anything; nothing turns it off
    verify(commands, times(2)).runCommand(a, HostCommand.MAINTENANCE_ON, VALUES);
    InOrder attempts = inOrder(git, commands);
    attempts.verify(commands).runCommand(a, HostCommand.MAINTENANCE_ON, VALUES);
    attempts.verify(git).restoreHead(a, head(a));
    attempts.verify(commands).runCommand(a, HostCommand.MAINTENANCE_ON, VALUES);
    attempts.verify(git).restoreHead(a, head(a));
    assertTrue(steps(escalated, "maintenance off").isEmpty());
  }

  private static GitHead head(Target host) {
    return new GitHead(host.host(), "/srv/billing", "a1b2c3d4e5f6a1b2c3d4e5f6", "main");
  }

  private static HostRef[] hosts(String... names) {
    return Arrays.stream(names).map(HostRef::agent).toArray(HostRef[]::new);
  }

  private static Target target(RollbackPlan plan, String host) {
    return Target.of(plan, HostRef.agent(host));
  }

  private RollbackWorkflow start(RollbackPlan plan) {
    return Rollbacks.start(client, plan);
  }

  private RollbackState run(RollbackPlan plan) {
    return Rollbacks.stub(client, plan).rollback(plan);
  }

  private static ApplicationFailure unhealthy() {
    return ApplicationFailure.newNonRetryableFailure(
        "GET /health → 500 for 60 s", FailureTypes.HEALTH_TIMEOUT);
  }
}
