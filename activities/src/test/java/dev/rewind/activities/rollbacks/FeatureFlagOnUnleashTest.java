package dev.rewind.activities.rollbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.TestActivities;
import dev.rewind.activities.TestLedger;
import dev.rewind.activities.TestRollbacks;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.flags.FlagActivitiesImpl;
import dev.rewind.activities.flags.FlagCatalogs;
import dev.rewind.activities.flags.UnleashAdmin;
import dev.rewind.activities.git.GitActivitiesImpl;
import dev.rewind.activities.host.HostActivitiesImpl;
import dev.rewind.activities.host.HostShells;
import dev.rewind.activities.host.Redaction;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackPlan.ApprovalPolicy;
import dev.rewind.workflows.RollbackPlan.EscalationPolicy;
import dev.rewind.workflows.RollbackPlan.Versions;
import dev.rewind.workflows.RollbackPlan.WatchPolicy;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflowImpl;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.StrategyPlan;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.Topology;
import dev.rewind.workflows.Topology.RolloutPolicy;
import dev.rewind.workflows.code.CodeRevertPlan;
import dev.rewind.workflows.core.Incident;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.flags.FeatureFlagPlan;
import dev.rewind.workflows.flags.FlagActivities;
import dev.rewind.workflows.flags.FlagFailures;
import dev.rewind.workflows.flags.FlagValue;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code feature-flag} end to end on the real Unleash server scripts/test starts: the real workflow
 * and the real flag activities resolving Unleash's address and token variable from a real catalog
 * file; only the notifications and the ledger are stand-ins. "Someone else" switches flags through
 * Unleash's Admin API.
 */
@Tag("infra")
class FeatureFlagOnUnleashTest {
  private static final String ID = "rollback-production-shop-20261202100000-ff01";

  private final UnleashAdmin unleash = new UnleashAdmin();
  private final List<Incident> incidents = new CopyOnWriteArrayList<>();
  private final TestLedger ledger = new TestLedger();
  private Path work;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() throws IOException {
    work = Files.createTempDirectory("rewind-flag-rollback-");
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    for (String name :
        List.of("RewindService", "RewindEnvironment", "RewindStrategy", "RewindStatus")) {
      env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aFlagTheBadReleaseEnabledIsDisabledInThatEnvironmentAsUnleashAnswers() throws Exception {
    String flag = unleash.newFlag("new-checkout", true);
    Catalog catalog = catalog(unleash.url);
    workers(catalog, new FlagActivitiesImpl(new CatalogTargets(catalog), tokenEnvironment()));

    RollbackState end = start(plan(catalog, flag)).getResult(RollbackState.class);

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.outcome());
    assertFalse(unleash.enabled(flag), "Unleash answers the flag is off in production");
    assertEquals(
        // the catalog declares no health check: the chain notes it has none to verify
        List.of("read flags", "snapshot", "set flags", "verify flags", "verify health"),
        end.steps().stream().map(StepRecord::name).toList());
  }

  @Test
  void aFlagSwitchedBackDuringTheStepFailsVerifyIsCompensatedAndEscalates() throws Exception {
    String flag = unleash.newFlag("new-checkout", true);
    Catalog catalog = catalog(unleash.url);
    FlagActivities real = new FlagActivitiesImpl(new CatalogTargets(catalog), tokenEnvironment());
    workers(catalog, new SwitchedBackAfterEachWrite(real, unleash, flag));

    RollbackState escalated =
        awaitState(start(plan(catalog, flag)), s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertTrue(escalated.outcome().startsWith(FlagFailures.FLAG_MISMATCH), escalated.outcome());
    assertTrue(unleash.enabled(flag), "compensated: the value before the rollback");
    assertEquals(
        List.of("compensate: restore flags", "compensate: verify flags"),
        escalated.steps().stream()
            .filter(s -> s.attempt() == 1 && s.name().startsWith("compensate"))
            .map(StepRecord::name)
            .toList());
    assertFalse(incidents.isEmpty(), "a P0 was declared");
  }

  @Test
  void anUnleashThatIsDownIsRetriedThenEscalatesWithAClearError() throws Exception {
    String down = "http://127.0.0.1:" + closedPort();
    Catalog catalog = catalog(down);
    workers(catalog, new FlagActivitiesImpl(new CatalogTargets(catalog), tokenEnvironment()));

    RollbackState escalated =
        awaitState(
            start(plan(catalog, "new-checkout")), s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertTrue(
        escalated.outcome().contains("flag provider unreachable")
            && escalated.outcome().contains(down)
            && escalated.outcome().contains("connection refused"),
        escalated.outcome());
    assertFalse(escalated.outcome().contains(unleash.token));
  }

  @Test
  void aCodeRevertFailingTwiceAfterTheFlagsPutsThemBackAndEscalates() throws Exception {
    String flag = unleash.newFlag("new-checkout", true);
    String good = checkoutWithAMergeAfter();
    Catalog catalog = catalog(unleash.url, "code: { gitDir: \"" + work.resolve("app") + "\" }");
    CatalogTargets targets = new CatalogTargets(catalog);
    env.newWorker(TaskQueues.host("local"))
        .registerActivitiesImplementations(
            new HostActivitiesImpl(targets, HostShells.agent("local", Redaction.NONE)),
            new GitActivitiesImpl(targets, HostShells.agent("local", Redaction.NONE)));
    workers(catalog, new FlagActivitiesImpl(targets, tokenEnvironment()));
    String headBefore = git("rev-parse", "HEAD");

    RollbackState escalated =
        awaitState(
            start(
                plan(
                    catalog,
                    new FeatureFlagPlan(Map.of(flag, FlagValue.of(false))),
                    new CodeRevertPlan(good, CodeRevertPlan.Mode.REVERT))),
            s -> s.status() == RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertTrue(escalated.outcome().contains("git revert"), escalated.outcome());
    assertTrue(unleash.enabled(flag), "the flag is back on, as before the rollback");
    assertEquals(headBefore, git("rev-parse", "HEAD"));
    List<String> undo =
        escalated.steps().stream()
            .filter(s -> s.attempt() == 2 && s.name().startsWith("compensate"))
            .map(StepRecord::name)
            .toList();
    assertEquals(
        List.of(
            "compensate: reset to recorded HEAD",
            "compensate: restore flags",
            "compensate: verify flags"),
        undo.stream().filter(n -> !n.contains("service")).toList());
  }

  /**
   * A checkout whose history after the known-good commit holds a merge: {@code git revert} of the
   * range stops at it (no {@code -m}), every time. Returns the known-good sha.
   */
  private String checkoutWithAMergeAfter() throws Exception {
    Files.createDirectories(work.resolve("app"));
    git("init", "-q", "-b", "main");
    Files.writeString(work.resolve("app/VERSION"), "v1\n");
    commit("v1");
    String good = git("rev-parse", "HEAD");
    git("checkout", "-q", "-b", "checkout-v2");
    Files.writeString(work.resolve("app/CHECKOUT"), "new\n");
    commit("new checkout");
    git("checkout", "-q", "main");
    Files.writeString(work.resolve("app/VERSION"), "v2\n");
    commit("v2");
    git(
        "-c",
        "user.name=Deployer",
        "-c",
        "user.email=d@example",
        "merge",
        "-q",
        "--no-edit",
        "checkout-v2");
    return good;
  }

  private void commit(String message) throws Exception {
    git("add", ".");
    git("-c", "user.name=Deployer", "-c", "user.email=d@example", "commit", "-qm", message);
  }

  private String git(String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    Process p =
        new ProcessBuilder(argv)
            .directory(work.resolve("app").toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
    }
    return out;
  }

  /**
   * The real activities, with someone switching {@code flag} back on in Unleash right after each
   * write of the rollback's values: between Rewind's set and its read-back.
   */
  private record SwitchedBackAfterEachWrite(FlagActivities real, UnleashAdmin unleash, String flag)
      implements FlagActivities {
    @Override
    public Map<String, FlagValue> readFlags(Target target, List<String> names) {
      return real.readFlags(target, names);
    }

    @Override
    public void writeFlags(Target target, Map<String, FlagValue> values) {
      real.writeFlags(target, values);
      if (FlagValue.of(false).equals(values.get(flag))) {
        unleash.switchFlag(flag, true);
      }
    }

    @Override
    public void verifyFlags(Target target, Map<String, FlagValue> expected) {
      real.verifyFlags(target, expected);
    }
  }

  private void workers(Catalog catalog, FlagActivities flags) {
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(flags, TestActivities.incidentsInto(incidents));
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger);
    env.start();
  }

  private Map<String, String> tokenEnvironment() {
    return Map.of("UNLEASH_ADMIN_TOKEN", unleash.token);
  }

  private Catalog catalog(String url, String... more) {
    return FlagCatalogs.shop(
        work.resolve("catalog"),
        "{ provider: unleash, url: \""
            + url
            + "\", environment: production,"
            + " tokenEnv: UNLEASH_ADMIN_TOKEN }",
        String.join("", java.util.Arrays.stream(more).map(l -> "      " + l + "\n").toList()));
  }

  /** The plan the api makes: the flag off, nothing else in the catalog to run. */
  private static RollbackPlan plan(Catalog catalog, String flag) {
    return plan(catalog, new FeatureFlagPlan(Map.of(flag, FlagValue.of(false))));
  }

  private static RollbackPlan plan(Catalog catalog, StrategyPlan... strategies) {
    return new RollbackPlan(
        "shop",
        "production",
        new Versions("v2", "v1", null),
        "v2 turned on the new checkout, which double-charges",
        "pipeline",
        new Topology(
            catalog.digest("shop", "production"),
            List.of(HostRef.agent("local")),
            RolloutPolicy.ONE_AT_A_TIME,
            null,
            null,
            null,
            EnumSet.noneOf(dev.rewind.workflows.HostCommand.class)),
        ApprovalPolicy.NONE,
        new EscalationPolicy(15),
        WatchPolicy.NONE,
        List.of(strategies));
  }

  private WorkflowStub start(RollbackPlan plan) {
    return TestRollbacks.start(env, ID, plan);
  }

  private static RollbackState awaitState(WorkflowStub stub, Predicate<RollbackState> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    RollbackState state = null;
    while (System.nanoTime() < deadline) {
      state = stub.query("state", RollbackState.class);
      if (condition.test(state)) {
        return state;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("state never reached: " + state);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
