package dev.rewind.activities.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.TestLedger;
import dev.rewind.activities.TestRollbacks;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.activities.git.GitActivitiesImpl;
import dev.rewind.activities.health.HealthActivitiesImpl;
import dev.rewind.activities.heartbeat.BackgroundHeartbeats;
import dev.rewind.activities.notify.NotifyActivitiesImpl;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogHost;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackPlan.ApprovalPolicy;
import dev.rewind.workflows.RollbackPlan.EscalationPolicy;
import dev.rewind.workflows.RollbackPlan.Versions;
import dev.rewind.workflows.RollbackPlan.WatchPolicy;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflowImpl;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.StepStatus;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.Topology;
import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.Topology.RolloutPolicy;
import dev.rewind.workflows.code.CodeRevertPlan;
import dev.rewind.workflows.code.GitFailures;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code code-revert} end to end on the workflow side with the real activities: the rollback
 * workflow (on the SDK's test server, time skipped while nothing runs) drives git and the service's
 * stop/start commands over SSH on a real sshd, against a real git checkout served by a real app,
 * everything resolved from a real catalog file naming the sshd's hosts.
 */
@Tag("infra")
class CodeRevertOverSshTest {
  private static int sequence;

  private Sshd sshd;
  private DemoHosts demo;
  private HostRouter router;
  private TestWorkflowEnvironment env;
  private Catalog catalog;

  @BeforeEach
  void start() throws Exception {
    sshd = new Sshd();
    demo = new DemoHosts();
    router = new HostRouter(demo);
    catalog = TestCatalogs.write(demo.root.resolve("catalog"), catalogYaml());
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(BackgroundHeartbeats.factoryOptions())
                .build());
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
    HostShells shells = HostShells.control(Redaction.NONE, Duration.ofSeconds(2));
    CatalogTargets targets = new CatalogTargets(catalog);
    control.registerActivitiesImplementations(
        new HostActivitiesImpl(targets, shells),
        new GitActivitiesImpl(targets, shells),
        new HealthActivitiesImpl(targets),
        new NotifyActivitiesImpl(targets));
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(new TestLedger());
    env.start();
  }

  /**
   * Service {@code shop}: {@code test} on app-1, {@code canary} on c1..c3 (canary first, three at a
   * time), and app-1's checkout behind an {@code impostor} host (another key pinned) and a {@code
   * gone} one (nothing listens), all on this test's sshd.
   */
  private String catalogYaml() throws Exception {
    String knownHosts = sshd.wrongKnownHosts().toString();
    String impostor = sshd.catalogEntry("impostor").replace(sshd.knownHosts.toString(), knownHosts);
    String gone =
        sshd.catalogEntry("gone").replace("127.0.0.1:" + sshd.port, "127.0.0.1:" + Sshd.freePort());
    return """
        hosts:
          %s
          %s
          %s
          %s
          %s
          %s
        services:
          shop:
            test: { hosts: [app-1], %s }
            canary: { hosts: [c1, c2, c3], rollout: { maxParallel: 3, canaryFirst: true }, %7$s }
            impostor: { hosts: [impostor], %s }
            gone: { hosts: [gone], %8$s }
        """
        .formatted(
            sshd.catalogEntry("app-1"),
            sshd.catalogEntry("c1"),
            sshd.catalogEntry("c2"),
            sshd.catalogEntry("c3"),
            impostor,
            gone,
            sections(demo.gitDir()),
            sections(demo.home("app-1").resolve("app").toString()));
  }

  private String sections(String gitDir) {
    return "health: { url: \"%s\", timeout: 3s }, code: { gitDir: \"%s\", stop: %s, start: %s }"
        .formatted(router.healthUrl(), gitDir, flow(demo.stop()), flow(demo.start()));
  }

  private static String flow(List<String> argv) {
    return argv.stream().map(a -> "\"" + a + "\"").toList().toString();
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

    String good = demo.git("app-1", "rev-parse", "v1");

    RollbackState end = run(plan("test", good, CodeRevertPlan.Mode.REVERT));

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

    RollbackState end = run(plan("test", good.substring(0, 10), CodeRevertPlan.Mode.CHECKOUT));

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.toString());
    assertEquals(good, demo.git("app-1", "rev-parse", "HEAD"));
    assertEquals("v1", demo.servedVersion("app-1"));
  }

  @Test
  void hostKeyMismatchFailsWithoutRetryRunsNothingAndEscalates() throws Exception {
    demo.deployBadVersion("app-1");
    String before = demo.state("app-1");

    WorkflowStub rollback = start(plan("impostor", good(), CodeRevertPlan.Mode.REVERT));
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
    WorkflowStub rollback =
        start(plan("gone", "1111111111111111111111111111111111111111", CodeRevertPlan.Mode.REVERT));
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

    WorkflowStub rollback = start(plan("test", good(), CodeRevertPlan.Mode.REVERT));
    RollbackState escalated = awaitState(rollback, s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    List<StepRecord> failed = failedSteps(escalated, "revert commits");
    assertEquals(2, failed.size());
    assertTrue(
        failed.get(0).detail().startsWith(GitFailures.MERGE_CONFLICT), failed.get(0).detail());
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
        start(plan("canary", demo.git("c1", "rev-parse", "v1"), CodeRevertPlan.Mode.REVERT));
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

  private String good() throws Exception {
    return demo.git("app-1", "rev-parse", "v1");
  }

  /** The plan the api makes from this catalog: names, the digest and validated values only. */
  private RollbackPlan plan(String environment, String gitSha, CodeRevertPlan.Mode mode) {
    var entry = catalog.environment("shop", environment).orElseThrow();
    List<HostRef> hosts =
        entry.hosts().stream()
            .map(
                h -> new HostRef(h, catalog.host(h).map(CatalogHost::transport).orElseThrow().id()))
            .toList();
    return new RollbackPlan(
        "shop",
        environment,
        new Versions("v2", "v1", null),
        "checkout broken after v2",
        "test",
        new Topology(
            catalog.digest("shop", environment),
            hosts,
            new RolloutPolicy(entry.rollout().maxParallel(), entry.rollout().canaryFirst()),
            null,
            new HealthPolicy(200, 3),
            null,
            EnumSet.of(HostCommand.STOP, HostCommand.START)),
        ApprovalPolicy.NONE,
        new EscalationPolicy(15),
        WatchPolicy.NONE,
        List.of(new CodeRevertPlan(gitSha, mode)));
  }

  private WorkflowStub start(RollbackPlan plan) {
    return TestRollbacks.start(env, "rollback-test-shop-" + (++sequence), plan);
  }

  private RollbackState run(RollbackPlan plan) {
    return start(plan).getResult(RollbackState.class);
  }

  private RollbackState awaitState(WorkflowStub stub, Predicate<RollbackState> condition) {
    return TestRollbacks.awaitState(env, stub, condition);
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
