package dev.rewind.activities.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.git.GitActivitiesImpl;
import dev.rewind.activities.health.HealthActivitiesImpl;
import dev.rewind.activities.notify.NotifyActivitiesImpl;
import dev.rewind.workflows.CodeRevertMode;
import dev.rewind.workflows.CodeTarget;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HealthCheck;
import dev.rewind.workflows.HostTarget;
import dev.rewind.workflows.LedgerActivities;
import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflow;
import dev.rewind.workflows.RollbackWorkflowImpl;
import dev.rewind.workflows.RolloutPolicy;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.StepStatus;
import dev.rewind.workflows.TaskQueues;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code code-revert} end to end on the workflow side with the real activities: the rollback
 * workflow (on the SDK's test server, time skipped while nothing runs) drives git and the service's
 * stop/start commands over SSH on a real sshd, against a real git checkout served by a real app.
 */
@Tag("infra")
class CodeRevertOverSshTest {
  private static int sequence;

  private Sshd sshd;
  private DemoHosts demo;
  private HostRouter router;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() throws Exception {
    sshd = new Sshd();
    demo = new DemoHosts();
    router = new HostRouter(demo);
    env = TestWorkflowEnvironment.newInstance();
    for (var key :
        List.of(
            RewindSearchAttributes.SERVICE,
            RewindSearchAttributes.ENVIRONMENT,
            RewindSearchAttributes.STRATEGY,
            RewindSearchAttributes.STATUS)) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    HostShells shells = HostShells.control(Duration.ofSeconds(2));
    control.registerActivitiesImplementations(
        new HostActivitiesImpl(shells),
        new GitActivitiesImpl(shells),
        new HealthActivitiesImpl(),
        new NotifyActivitiesImpl());
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(new NoLedger());
    env.start();
  }

  @AfterEach
  void stop() throws Exception {
    env.close();
    router.close();
    demo.close();
    sshd.close();
  }

  @Test
  void revertOverSshServesTheGoodVersionAndHistoryShowsTheRevertCommit() throws Exception {
    demo.deployBadVersion("app-1");
    String bad = demo.git("app-1", "rev-parse", "HEAD");

    RollbackState end = run(plan(List.of(sshd.host("app-1")), null, null));

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.toString());
    assertEquals("v1", demo.servedVersion("app-1"));
    assertEquals(200, demo.healthStatus("app-1"));
    assertEquals("Revert \"v2: new checkout flow\"", demo.git("app-1", "log", "-1", "--format=%s"));
    assertEquals(bad, demo.git("app-1", "rev-parse", "HEAD~1"));
    assertEquals("main", demo.git("app-1", "symbolic-ref", "--short", "HEAD"));
    StepRecord revert = step(end, "revert commits");
    assertTrue(revert.detail().contains("reverted 1 commit(s)"), revert.detail());
    assertTrue(revert.detail().contains("on ssh " + sshd.user + "@127.0.0.1:"), revert.detail());
    assertTrue(step(end, "start service").detail().startsWith("exit 0 on ssh "));
  }

  @Test
  void checkoutOverSshLeavesHeadAtTheGoodSha() throws Exception {
    demo.deployBadVersion("app-1");
    String good = demo.git("app-1", "rev-parse", "v1");

    RollbackState end =
        run(plan(List.of(sshd.host("app-1")), good.substring(0, 10), CodeRevertMode.CHECKOUT));

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.toString());
    assertEquals(good, demo.git("app-1", "rev-parse", "HEAD"));
    assertEquals("v1", demo.servedVersion("app-1"));
  }

  @Test
  void hostKeyMismatchFailsWithoutRetryRunsNothingAndEscalates() throws Exception {
    demo.deployBadVersion("app-1");
    String before = demo.state("app-1");
    HostTarget h = sshd.host("app-1");
    HostTarget impostor =
        new HostTarget(
            h.name(),
            h.transport(),
            h.address(),
            h.user(),
            h.privateKeyFile(),
            sshd.wrongKnownHosts().toString());

    WorkflowStub rollback = start(plan(List.of(impostor), null, null));
    RollbackState escalated = awaitState(rollback, s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    List<StepRecord> failed = failedSteps(escalated, "record HEAD");
    assertEquals(2, failed.size());
    assertTrue(
        failed.get(0).detail().startsWith(FailureTypes.HOST_KEY_MISMATCH), failed.get(0).detail());
    assertEquals(List.of(1, 1), attemptsOf(rollback, "RecordHead"));
    assertEquals(0, sshd.acceptedLogins());
    assertEquals(before, demo.state("app-1"));
  }

  @Test
  void unreachableHostIsRetriedThenBothAttemptsFailAndItEscalates() throws Exception {
    HostTarget h = sshd.host("app-1");
    HostTarget gone =
        new HostTarget(
            h.name(),
            h.transport(),
            "127.0.0.1:" + Sshd.freePort(),
            h.user(),
            h.privateKeyFile(),
            h.knownHostsFile());

    WorkflowStub rollback = start(plan(List.of(gone), null, null));
    RollbackState escalated = awaitState(rollback, s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    List<StepRecord> failed = failedSteps(escalated, "record HEAD");
    assertEquals(2, failed.size());
    assertTrue(failed.get(1).detail().startsWith(HostFailures.HOST_UNREACHABLE));
    assertEquals(List.of(5, 5), attemptsOf(rollback, "RecordHead")); // retried within each attempt
  }

  @Test
  void conflictingRevertIsUndoneExactlyAndEscalatesAfterTwoAttempts() throws Exception {
    demo.deployBadVersion("app-1");
    // Someone put a HEALTHY file back by hand: the revert must write that file, and git refuses.
    Files.writeString(demo.home("app-1").resolve("app/HEALTHY"), "by hand\n");
    String before = demo.state("app-1");
    long startsBefore = demo.starts("app-1");

    WorkflowStub rollback = start(plan(List.of(sshd.host("app-1")), null, null));
    RollbackState escalated = awaitState(rollback, s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    List<StepRecord> failed = failedSteps(escalated, "revert commits");
    assertEquals(2, failed.size());
    assertTrue(
        failed.get(0).detail().startsWith(FailureTypes.MERGE_CONFLICT), failed.get(0).detail());
    assertEquals(List.of(1, 1), attemptsOf(rollback, "RevertAfter"));
    assertEquals(2, succeededSteps(escalated, "compensate: reset to recorded HEAD").size());
    assertEquals(before, demo.state("app-1"));
    assertEquals("by hand\n", Files.readString(demo.home("app-1").resolve("app/HEALTHY")));
    // restarted on the old code each time; the app records its start once it is up, so wait
    assertEquals(startsBefore + 2, startsWithin(Duration.ofSeconds(10), "app-1", startsBefore + 2));
    assertEquals("v2", demo.servedVersion("app-1"));
  }

  @Test
  void failingCanaryLeavesTheOtherTwoHostsUntouched() throws Exception {
    List<String> names = List.of("c1", "c2", "c3");
    for (String name : names) {
      demo.deployBadVersion(name);
    }
    Files.writeString(demo.home("c1").resolve("SICK"), "");
    String c1Before = demo.state("c1");
    String c2Before = demo.state("c2");
    String c3Before = demo.state("c3");
    long c2Starts = demo.starts("c2");
    long c3Starts = demo.starts("c3");

    WorkflowStub rollback =
        start(
            plan(names.stream().map(sshd::host).toList(), null, null, new RolloutPolicy(3, true)));
    RollbackState escalated = awaitState(rollback, s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, failedSteps(escalated, "verify health").size());
    assertTrue(escalated.steps().stream().noneMatch(s -> s.target().startsWith("c2")));
    assertTrue(escalated.steps().stream().noneMatch(s -> s.target().startsWith("c3")));
    assertEquals(c2Before, demo.state("c2"));
    assertEquals(c3Before, demo.state("c3"));
    assertEquals(c2Starts, demo.starts("c2"));
    assertEquals(c3Starts, demo.starts("c3"));
    assertEquals(c1Before, demo.state("c1")); // the canary itself was put back
    assertNotEquals(0, sshd.acceptedLogins());
  }

  private RollbackPlan plan(List<HostTarget> hosts, String gitSha, String mode) {
    return plan(hosts, gitSha, mode, RolloutPolicy.ONE_AT_A_TIME);
  }

  private RollbackPlan plan(
      List<HostTarget> hosts, String gitSha, String mode, RolloutPolicy rollout) {
    return new RollbackPlan(
        "shop",
        "test",
        "code-revert",
        "v2",
        "v1",
        "checkout broken after v2",
        "test",
        null,
        new HealthCheck(router.healthUrl(), 200, 3),
        List.of(),
        15,
        hosts,
        rollout,
        new CodeTarget(demo.gitDir(), demo.stop(), demo.start(), null),
        null,
        gitSha,
        mode);
  }

  private WorkflowStub start(RollbackPlan plan) {
    RollbackWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                RollbackWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("rollback-test-shop-" + (++sequence))
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
      env.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("never reached: " + stub.query("state", RollbackState.class));
  }

  /** The attempt number each start of activity {@code type} ended on (history keeps the last). */
  private List<Integer> attemptsOf(WorkflowStub stub, String type) {
    List<HistoryEvent> events =
        env.getWorkflowClient().fetchHistory(stub.getExecution().getWorkflowId()).getEvents();
    List<Long> scheduled =
        events.stream()
            .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .filter(
                e ->
                    e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals(type))
            .map(HistoryEvent::getEventId)
            .toList();
    return events.stream()
        .filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
        .filter(
            e ->
                scheduled.contains(e.getActivityTaskStartedEventAttributes().getScheduledEventId()))
        .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
        .toList();
  }

  private static StepRecord step(RollbackState state, String name) {
    return state.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<StepRecord> failedSteps(RollbackState state, String name) {
    return state.steps().stream()
        .filter(s -> s.name().equals(name) && s.status() == StepStatus.FAILED)
        .toList();
  }

  private static List<StepRecord> succeededSteps(RollbackState state, String name) {
    return state.steps().stream()
        .filter(s -> s.name().equals(name) && s.status() == StepStatus.SUCCEEDED)
        .toList();
  }

  /** The api keeps the ledger; here its records are simply accepted. */
  static class NoLedger implements LedgerActivities {
    @Override
    public void recordStatus(String rollbackId, int sequence, RollbackState state) {}

    @Override
    public void recordOutcome(String rollbackId, RollbackPlan plan, RollbackState state) {}
  }

  /** The app writes its start after it has booted: poll until {@code expected} or the deadline. */
  private long startsWithin(Duration wait, String host, long expected) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    long starts = demo.starts(host);
    while (starts < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
      starts = demo.starts(host);
    }
    return starts;
  }
}
