package dev.rewind.workflows;

import static dev.rewind.workflows.Rollbacks.awaitStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
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

import dev.rewind.workflows.code.GitActivities;
import dev.rewind.workflows.code.GitFailures;
import dev.rewind.workflows.code.GitHead;
import dev.rewind.workflows.core.HealthActivities;
import dev.rewind.workflows.core.HostActivities;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.flags.FeatureFlagPlan;
import dev.rewind.workflows.flags.FlagActivities;
import dev.rewind.workflows.flags.FlagFailures;
import dev.rewind.workflows.flags.FlagValue;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * {@code feature-flag} alone and chained with {@code code-revert}, with the flag provider, git,
 * host, health and notification activities mocked: the provider's flags live in a map the mock
 * reads and writes, so a test can flip one between the write and the read-back.
 */
class FeatureFlagWorkflowTest {
  private static final FlagValue ON = FlagValue.of(true);
  private static final FlagValue OFF = FlagValue.of(false);

  @RegisterExtension static final TestWorkflowExtension testWorkflow = Rollbacks.extension();

  private final FlagActivities flags =
      mock(FlagActivities.class, withSettings().withoutAnnotations());
  private final GitActivities git = mock(GitActivities.class, withSettings().withoutAnnotations());
  private final HostActivities commands =
      mock(HostActivities.class, withSettings().withoutAnnotations());
  private final HealthActivities health =
      mock(HealthActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final ApiLedger ledger = new ApiLedger();
  private final Map<String, FlagValue> provider = new ConcurrentHashMap<>();
  private final Map<String, FlagValue> requested =
      ordered("new-checkout", OFF, "theme", text("classic"));
  private final RollbackPlan plan = Plans.of(new FeatureFlagPlan(requested)).plan();
  private final Target on = Target.of(plan, HostRef.agent("local"));
  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void startWorkers(TestWorkflowEnvironment env, WorkflowClient client) {
    this.env = env;
    this.client = client;
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(flags, health, notify);
    env.newWorker(TaskQueues.host("local")).registerActivitiesImplementations(commands, git);
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger.activities);
    env.start();
    provider.put("new-checkout", ON);
    provider.put("theme", text("fancy"));
    when(flags.readFlags(eq(on), any()))
        .thenAnswer(
            call -> {
              Map<String, FlagValue> values = new LinkedHashMap<>();
              for (String name : call.<List<String>>getArgument(1)) {
                values.put(name, provider.get(name));
              }
              return values;
            });
    doAnswer(call -> writes(call.getArgument(1))).when(flags).writeFlags(eq(on), any());
    doAnswer(call -> verifies(call.getArgument(1))).when(flags).verifyFlags(eq(on), any());
    when(health.awaitStatus(any(), anyInt(), anyInt())).thenReturn("200");
    when(git.recordHead(on)).thenReturn(HEAD);
  }

  @Test
  void readsSetsAndVerifiesTheFlagsThenTheChainVerifiesHealth() {
    RollbackState end = Rollbacks.stub(client, plan).rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.outcome());
    assertEquals(requested, provider);
    InOrder order = inOrder(flags, health);
    order.verify(flags).readFlags(on, List.of("new-checkout", "theme"));
    order.verify(flags).writeFlags(on, requested);
    order.verify(flags).verifyFlags(on, requested);
    order.verify(health).awaitStatus(on, 200, 60);
    assertEquals(
        List.of("read flags", "snapshot", "set flags", "verify flags", "verify health"),
        end.steps().stream().map(StepRecord::name).toList());
    assertTrue(
        Rollbacks.steps(end, "snapshot").get(0).detail().contains("new-checkout=true"),
        end.steps().toString());
  }

  @Test
  void flagsAlreadyAtTheirValuesAreVerifiedNotWritten() {
    provider.putAll(requested);

    RollbackState end = Rollbacks.stub(client, plan).rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.outcome());
    verify(flags, never()).writeFlags(any(), any());
    verify(flags).verifyFlags(on, requested);
  }

  @Test
  void aFlagFlippedBetweenSetAndVerifyFailsTheVerifyIsCompensatedAndEscalates() {
    doAnswer(
            call -> {
              writes(call.getArgument(1));
              provider.put("new-checkout", ON); // someone flips it back right after the write
              return null;
            })
        .when(flags)
        .writeFlags(on, requested);
    RollbackWorkflow rollback = Rollbacks.start(client, plan);

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertTrue(escalated.outcome().startsWith(FlagFailures.FLAG_MISMATCH), escalated.outcome());
    Map<String, FlagValue> before = ordered("new-checkout", ON, "theme", text("fancy"));
    assertEquals(before, provider);
    verify(flags, times(2)).writeFlags(on, requested);
    verify(flags, times(2)).writeFlags(on, before);
    verify(flags, times(2)).verifyFlags(on, before);
    verify(notify, timeout(10_000)).declareIncident(eq(on), any());
    assertEquals(
        List.of("compensate: restore flags", "compensate: verify flags"),
        escalated.steps().stream()
            .filter(s -> s.attempt() == 1 && s.name().startsWith("compensate"))
            .map(StepRecord::name)
            .toList());
  }

  @Test
  void anUnreachableProviderIsRetriedThenEscalatesWithItsError() {
    when(flags.readFlags(eq(on), any()))
        .thenThrow(new RuntimeException("Connection refused: 127.0.0.1:4242"));
    RollbackWorkflow rollback = Rollbacks.start(client, plan);

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertTrue(escalated.outcome().contains("Connection refused"), escalated.outcome());
    verify(flags, times(10)).readFlags(eq(on), any()); // five tries in each attempt
    verify(flags, never()).writeFlags(any(), any());
  }

  @Test
  void aCodeRevertFailingTwiceAfterTheFlagsPutsTheFlagsBackAndEscalates() {
    RollbackPlan chain = Plans.of(new FeatureFlagPlan(requested), Plans.CODE).plan();
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "conflict in app.py", GitFailures.MERGE_CONFLICT))
        .when(git)
        .revertAfter(on, Plans.GOOD_SHA, HEAD);
    RollbackWorkflow rollback = Rollbacks.start(client, chain);

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertEquals(2, escalated.attempt());
    assertEquals(ordered("new-checkout", ON, "theme", text("fancy")), provider);
    InOrder undo = inOrder(flags, git);
    undo.verify(flags).writeFlags(on, requested);
    undo.verify(git).revertAfter(on, Plans.GOOD_SHA, HEAD);
    undo.verify(git).restoreHead(on, HEAD);
    undo.verify(flags).writeFlags(eq(on), eq(ordered("new-checkout", ON, "theme", text("fancy"))));
    verify(git, times(2)).restoreHead(on, HEAD);
  }

  @Test
  void aDryRunOutlinesReadSetAndVerifyWithTheRestoreAsCompensation() {
    List<PlannedStep> steps = RollbackOutline.of(plan);

    assertEquals(
        List.of("read flags", "set flags", "verify flags", "verify health"),
        steps.stream().map(PlannedStep::name).toList());
    assertEquals("restore flags", steps.get(1).compensation());
    assertEquals("new-checkout=false, theme=\"classic\"", steps.get(1).target());
  }

  private Object writes(Map<String, FlagValue> values) {
    provider.putAll(values);
    return null;
  }

  private Object verifies(Map<String, FlagValue> expected) {
    expected.forEach(
        (name, value) -> {
          if (!value.equals(provider.get(name))) {
            throw ApplicationFailure.newNonRetryableFailure(
                name + " is " + provider.get(name) + ", expected " + value,
                FlagFailures.FLAG_MISMATCH);
          }
        });
    return null;
  }

  private static final GitHead HEAD =
      new GitHead("local", "/srv/billing", "a1b2c3d4e5f6a1b2c3d4e5f6", "main");

  private static FlagValue text(String value) {
    return FlagValue.of(value);
  }

  private static Map<String, FlagValue> ordered(
      String first, FlagValue one, String second, FlagValue two) {
    Map<String, FlagValue> values = new LinkedHashMap<>();
    values.put(first, one);
    values.put(second, two);
    return values;
  }
}
