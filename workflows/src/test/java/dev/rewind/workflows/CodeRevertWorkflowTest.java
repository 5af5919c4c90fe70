package dev.rewind.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * code-revert's orchestration with mocked host activities: order of steps per host, canary first,
 * the parallelism bound, compensation before the destructive step and in reverse order.
 */
class CodeRevertWorkflowTest {
  private static final String ID = "rollback-production-billing-api-20261126090000-cd34";
  private static final String GOOD = "e4f5a6b7c8d9e4f5a6b7c8d9e4f5a6b7c8d9e4f5";
  private static final HealthCheck HEALTH =
      new HealthCheck("http://127.0.0.1:18080/{host}/health", 200, 30);

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .setDoNotStart(true)
          .registerSearchAttribute("RewindService", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute("RewindEnvironment", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute("RewindStrategy", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute("RewindStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .build();

  private final HostActivities commands =
      mock(HostActivities.class, withSettings().withoutAnnotations());
  private final GitActivities git = mock(GitActivities.class, withSettings().withoutAnnotations());
  private final HealthActivities health =
      mock(HealthActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final LedgerActivities ledger =
      mock(LedgerActivities.class, withSettings().withoutAnnotations());
  private final CodeTarget code =
      new CodeTarget(
          "/srv/{host}/billing",
          List.of("svc", "stop", "{host}"),
          List.of("svc", "start", "{host}"),
          List.of("bin/install"));
  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void startWorkers(TestWorkflowEnvironment env, WorkflowClient client) {
    this.env = env;
    this.client = client;
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(commands, git, health, notify);
    for (String host : List.of("a", "b", "c", "d")) {
      env.newWorker(TaskQueues.host(host)).registerActivitiesImplementations(commands, git);
    }
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger);
    env.start();
    when(git.recordHead(any(), anyString()))
        .thenAnswer(
            call -> {
              HostTarget host = call.getArgument(0);
              return head(host);
            });
  }

  @Test
  void revertsRestartsAndVerifiesOnTheHostsOwnQueue() {
    RollbackState end = run(plan(hosts("a"), new RolloutPolicy(1, false), null));

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    HostTarget a = HostTarget.agent("a");
    InOrder order = inOrder(git, commands, health);
    order.verify(git).recordHead(a, "/srv/a/billing");
    order.verify(git).revertAfter(a, "/srv/a/billing", GOOD, head(a));
    order.verify(commands).runCommand(a, "reinstall", List.of("bin/install"), "/srv/a/billing");
    order
        .verify(commands)
        .runCommand(a, "stop service", List.of("svc", "stop", "a"), "/srv/a/billing");
    order
        .verify(commands)
        .runCommand(a, "start service", List.of("svc", "start", "a"), "/srv/a/billing");
    order.verify(health).awaitStatus(new HealthCheck("http://127.0.0.1:18080/a/health", 200, 30));
    verify(git, never()).restoreHead(any(), any());
    assertTrue(
        end.steps().stream()
            .anyMatch(s -> s.name().equals("snapshot") && s.detail().contains(head(a).sha())));
  }

  @Test
  void checkoutModeChecksOutTheKnownGoodSha() {
    RollbackPlan plan = plan(hosts("a"), RolloutPolicy.ONE_AT_A_TIME, CodeRevertMode.CHECKOUT);

    assertEquals(RollbackStatus.SUCCEEDED, run(plan).status());
    HostTarget a = HostTarget.agent("a");
    verify(git).checkout(a, "/srv/a/billing", GOOD, head(a));
    verify(git, never()).revertAfter(any(), any(), any(), any());
  }

  @Test
  void failingCanaryLeavesTheOtherHostsUntouched() {
    HostTarget canary = HostTarget.agent("a");
    when(health.awaitStatus(new HealthCheck("http://127.0.0.1:18080/a/health", 200, 30)))
        .thenThrow(unhealthy());
    WorkflowStub stub = start(plan(hosts("a", "b", "c"), new RolloutPolicy(3, true), null));

    RollbackState escalated = awaitState(stub, s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    verify(git, times(2)).recordHead(eq(canary), anyString());
    verify(git, times(2)).restoreHead(canary, head(canary));
    for (String other : List.of("b", "c")) {
      HostTarget host = HostTarget.agent(other);
      verify(git, never()).recordHead(eq(host), anyString());
      verify(commands, never()).runCommand(eq(host), anyString(), any(), any());
    }
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
        .revertAfter(any(), anyString(), anyString(), any());

    RollbackState end = run(plan(hosts("a", "b", "c", "d"), new RolloutPolicy(2, false), null));

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(2, most.get());
    verify(git, times(4)).revertAfter(any(), anyString(), anyString(), any());
  }

  @Test
  void conflictCompensatesWithTheRecordedHeadThenRestarts() {
    HostTarget a = HostTarget.agent("a");
    when(git.revertAfter(a, "/srv/a/billing", GOOD, head(a)))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "conflict in app.py", FailureTypes.MERGE_CONFLICT));
    WorkflowStub stub = start(plan(hosts("a"), RolloutPolicy.ONE_AT_A_TIME, null));

    RollbackState escalated = awaitState(stub, s -> s.status() == RollbackStatus.ESCALATED);

    verify(git, times(2)).revertAfter(a, "/srv/a/billing", GOOD, head(a));
    InOrder undo = inOrder(git, commands);
    undo.verify(git).revertAfter(a, "/srv/a/billing", GOOD, head(a));
    undo.verify(git).restoreHead(a, head(a));
    undo.verify(commands)
        .runCommand(a, "compensate: stop service", List.of("svc", "stop", "a"), "/srv/a/billing");
    undo.verify(commands)
        .runCommand(a, "compensate: start service", List.of("svc", "start", "a"), "/srv/a/billing");
    verify(commands, never()).runCommand(eq(a), eq("reinstall"), any(), any());
    assertTrue(
        escalated.steps().stream()
            .anyMatch(
                s ->
                    s.name().equals("revert commits")
                        && s.status() == StepStatus.FAILED
                        && s.detail().startsWith(FailureTypes.MERGE_CONFLICT)));
  }

  @Test
  void maintenanceIsVerifiedOnAndTurnedOffBeforeTheHealthCheck() {
    MaintenanceMode maintenance =
        new MaintenanceMode(List.of("touch", "/srv/{host}/MAINT"), List.of("rm", "-f", "x"), 503);
    RollbackPlan base = plan(hosts("a"), RolloutPolicy.ONE_AT_A_TIME, null);
    RollbackPlan plan = withMaintenance(base, maintenance);

    assertEquals(RollbackStatus.SUCCEEDED, run(plan).status());
    HostTarget a = HostTarget.agent("a");
    InOrder order = inOrder(git, commands, health);
    order.verify(git).recordHead(a, "/srv/a/billing");
    order.verify(commands).runCommand(a, "maintenance on", List.of("touch", "/srv/a/MAINT"), null);
    order.verify(health).awaitStatus(new HealthCheck("http://127.0.0.1:18080/a/health", 503, 30));
    order.verify(git).revertAfter(a, "/srv/a/billing", GOOD, head(a));
    order.verify(commands).runCommand(a, "maintenance off", List.of("rm", "-f", "x"), null);
    order.verify(health).awaitStatus(new HealthCheck("http://127.0.0.1:18080/a/health", 200, 30));
  }

  private static GitHead head(HostTarget host) {
    return new GitHead(
        host.name(), "/srv/" + host.name() + "/billing", "a1b2c3d4e5f6a1b2c3d4e5f6", "main");
  }

  private static List<HostTarget> hosts(String... names) {
    return java.util.Arrays.stream(names).map(HostTarget::agent).toList();
  }

  private RollbackPlan plan(List<HostTarget> hosts, RolloutPolicy rollout, String mode) {
    return new RollbackPlan(
        "billing-api",
        "production",
        "code-revert",
        "v1.5.3",
        "v1.5.2",
        "error rate 7%",
        "pipeline",
        null,
        HEALTH,
        List.of(),
        15,
        hosts,
        rollout,
        code,
        null,
        GOOD,
        mode);
  }

  private static RollbackPlan withMaintenance(RollbackPlan p, MaintenanceMode maintenance) {
    return new RollbackPlan(
        p.service(),
        p.environment(),
        p.strategy(),
        p.fromVersion(),
        p.toVersion(),
        p.reason(),
        p.requestedBy(),
        p.container(),
        p.health(),
        p.escalationContacts(),
        p.renotifyMinutes(),
        p.hosts(),
        p.rollout(),
        p.code(),
        maintenance,
        p.gitSha(),
        p.mode());
  }

  private WorkflowStub start(RollbackPlan plan) {
    RollbackWorkflow workflow =
        client.newWorkflowStub(
            RollbackWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(TaskQueues.CONTROL)
                .setTypedSearchAttributes(RewindSearchAttributes.initial(plan))
                .build());
    WorkflowClient.start(workflow::rollback, plan);
    return WorkflowStub.fromTyped(workflow);
  }

  private RollbackState run(RollbackPlan plan) {
    return start(plan).getResult(RollbackState.class);
  }

  private RollbackState awaitState(WorkflowStub stub, Predicate<RollbackState> condition) {
    for (int i = 0; i < 600; i++) {
      RollbackState state = stub.query("state", RollbackState.class);
      if (condition.test(state)) {
        return state;
      }
      env.sleep(Duration.ofMillis(100));
    }
    throw new AssertionError("state never reached: " + stub.query("state", RollbackState.class));
  }

  private static ApplicationFailure unhealthy() {
    return ApplicationFailure.newNonRetryableFailure(
        "GET /a/health → 500", FailureTypes.HEALTH_TIMEOUT);
  }
}
