package dev.rewind.workflows;

import static dev.rewind.workflows.Rollbacks.awaitStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.rewind.workflows.code.GitActivities;
import dev.rewind.workflows.code.GitFailures;
import dev.rewind.workflows.code.GitHead;
import dev.rewind.workflows.config.BackupSet;
import dev.rewind.workflows.config.ConfigActivities;
import dev.rewind.workflows.config.ConfigFailures;
import dev.rewind.workflows.config.ConfigFile;
import dev.rewind.workflows.config.ConfigRestorePlan;
import dev.rewind.workflows.config.ConfigSnapshot;
import dev.rewind.workflows.core.HealthActivities;
import dev.rewind.workflows.core.HostActivities;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * {@code config-restore} with mocked file, host, health and notification activities: the set
 * checked before anything changes, the snapshot before the first write with its compensation
 * registered in between, a set the validator refuses put back and reloaded with {@code
 * INVALID_CONFIG} as the outcome, a step whose worker died retried, and restart instead of reload.
 */
class ConfigRestoreWorkflowTest {
  private static final String SET = "v1.5.2";
  private static final Map<String, String> VALUES = Map.of("version", "v1.5.2");
  private static final ConfigFile NGINX =
      new ConfigFile("/etc/nginx/nginx.conf", "ab".repeat(32), "644", "root:root");

  @RegisterExtension static final TestWorkflowExtension testWorkflow = Rollbacks.extension();

  private final ConfigActivities config =
      mock(ConfigActivities.class, withSettings().withoutAnnotations());
  private final HostActivities commands =
      mock(HostActivities.class, withSettings().withoutAnnotations());
  private final GitActivities git = mock(GitActivities.class, withSettings().withoutAnnotations());
  private final HealthActivities health =
      mock(HealthActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final ApiLedger ledger = new ApiLedger();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void startWorkers(TestWorkflowEnvironment env, WorkflowClient client) {
    this.env = env;
    this.client = client;
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(health, notify);
    env.newWorker(TaskQueues.host("local"))
        .registerActivitiesImplementations(config, commands, git);
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger.activities);
    env.start();
    when(config.checkSet(any(), anyString()))
        .thenAnswer(call -> new BackupSet("local", call.getArgument(1), List.of(NGINX)));
    when(config.snapshotFiles(any(), anyString()))
        .thenAnswer(call -> snapshot(call.getArgument(1)));
    when(config.writeSet(any(), anyString(), any())).thenReturn("written");
    when(config.restoreSnapshot(any(), any())).thenReturn("put back");
    when(config.validate(any())).thenReturn("syntax is ok");
    when(config.reload(any())).thenReturn("reloaded");
    when(health.awaitStatus(any(), any(Integer.class), any(Integer.class))).thenReturn("200");
  }

  @Test
  void checksTheSetThenSnapshotsWritesValidatesReloadsAndVerifies() {
    RollbackPlan plan = plan(false);

    RollbackState end = Rollbacks.stub(client, plan).rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    Target local = local(plan);
    InOrder order = inOrder(config, health);
    order.verify(config).checkSet(local, SET);
    order.verify(config).snapshotFiles(local, Plans.ROLLBACK_ID);
    order.verify(config).writeSet(local, SET, snapshot(Plans.ROLLBACK_ID));
    order.verify(config).validate(local);
    order.verify(config).reload(local);
    // verified by the host's own rollout, then once more by the chain at its end
    order.verify(health, times(2)).awaitStatus(local, 200, 60);
    verify(config, never()).restoreSnapshot(any(), any());
    verify(commands, never()).runCommand(any(), any(), any());
    assertTrue(
        end.steps().stream()
            .anyMatch(
                s ->
                    s.name().equals("snapshot config files")
                        && s.detail().contains("/etc/nginx/nginx.conf 644 root:root abab")));
  }

  @Test
  void aSetTheValidatorRefusesIsPutBackAndReloadedAndFailsWithInvalidConfig() {
    RollbackPlan plan = plan(false);
    Target local = local(plan);
    String message = "nginx: [emerg] unknown directive \"proxy_passs\" in nginx.conf:12";
    // the set is refused; the snapshot put back passes
    when(config.validate(local))
        .thenThrow(refused(message))
        .thenReturn("syntax is ok")
        .thenThrow(refused(message))
        .thenReturn("syntax is ok");
    RollbackWorkflow rollback = Rollbacks.start(client, plan);

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertTrue(escalated.outcome().startsWith(ConfigFailures.INVALID_CONFIG), escalated.outcome());
    assertTrue(escalated.outcome().contains(message), escalated.outcome());
    InOrder undo = inOrder(config);
    for (int attempt = 1; attempt <= 2; attempt++) {
      undo.verify(config).writeSet(local, SET, snapshot(Plans.ROLLBACK_ID));
      undo.verify(config).validate(local);
      undo.verify(config).restoreSnapshot(local, snapshot(Plans.ROLLBACK_ID));
      undo.verify(config).validate(local);
      undo.verify(config).reload(local);
    }
    // reloaded only by the compensations: the refused set never took effect
    verify(config, times(2)).reload(local);
    verify(health, never()).awaitStatus(any(), any(Integer.class), any(Integer.class));
    assertEquals(
        List.of(
            "compensate: put config files back",
            "compensate: validate config",
            "compensate: reload"),
        escalated.steps().stream()
            .filter(s -> s.attempt() == 1 && s.name().startsWith("compensate"))
            .map(StepRecord::name)
            .toList());
  }

  @Test
  void aMissingSetIsRefusedWithNothingChanged() {
    RollbackPlan plan = plan(false);
    when(config.checkSet(any(), anyString()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "backup set v1.5.2 does not exist", ConfigFailures.BACKUP_SET_INVALID));

    RollbackState end = Rollbacks.resultOf(Rollbacks.start(client, plan));

    assertEquals(RollbackStatus.FAILED, end.status());
    assertTrue(end.outcome().contains(ConfigFailures.BACKUP_SET_INVALID), end.outcome());
    verify(config, never()).snapshotFiles(any(), any());
    verify(config, never()).writeSet(any(), any(), any());
  }

  @Test
  void aWriteCutShortByADeadWorkerIsRetriedAndTheRollbackSucceeds() {
    RollbackPlan plan = plan(false);
    Target local = local(plan);
    when(config.writeSet(local, SET, snapshot(Plans.ROLLBACK_ID)))
        .thenThrow(ApplicationFailure.newFailure("worker lost", "HostUnreachable"))
        .thenReturn("written");
    when(config.reload(local))
        .thenThrow(ApplicationFailure.newFailure("worker lost", "HostUnreachable"))
        .thenReturn("reloaded");

    RollbackState end = Rollbacks.stub(client, plan).rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(1, end.attempt());
    verify(config, times(2)).writeSet(local, SET, snapshot(Plans.ROLLBACK_ID));
    verify(config, times(2)).reload(local);
    verify(config, times(1)).snapshotFiles(local, Plans.ROLLBACK_ID);
    verify(config, never()).restoreSnapshot(any(), any());
  }

  @Test
  void restartStopsAndStartsTheServiceInsteadOfReloading() {
    RollbackPlan plan = plan(true);
    when(commands.runCommand(any(), any(), any())).thenReturn("exit 0");

    RollbackState end = Rollbacks.stub(client, plan).rollback(plan);

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    Target local = local(plan);
    InOrder order = inOrder(config, commands);
    order.verify(config).validate(local);
    order.verify(commands).runCommand(local, HostCommand.STOP, VALUES);
    order.verify(commands).runCommand(local, HostCommand.START, VALUES);
    verify(config, never()).reload(any());
  }

  @Test
  void inAChainWithCodeRevertAFailedRevertPutsTheConfigurationBackToo() {
    RollbackPlan plan =
        Plans.of(new ConfigRestorePlan(SET, false), Plans.CODE)
            .hosts(HostRef.agent("local"))
            .plan();
    Target local = local(plan);
    GitHead head = new GitHead("local", "/srv/billing", "a1b2c3d4e5f6a1b2c3d4", "main");
    when(git.recordHead(local)).thenReturn(head);
    when(git.revertAfter(local, Plans.GOOD_SHA, head))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure("conflict", GitFailures.MERGE_CONFLICT));
    when(commands.runCommand(any(), any(), any())).thenReturn("exit 0");
    RollbackWorkflow rollback = Rollbacks.start(client, plan);

    RollbackState escalated = awaitStatus(env, rollback, RollbackStatus.ESCALATED);

    assertTrue(escalated.outcome().startsWith(GitFailures.MERGE_CONFLICT), escalated.outcome());
    // the configuration changed first and is undone last: newest first
    InOrder order = inOrder(config, git);
    order.verify(config).writeSet(local, SET, snapshot(Plans.ROLLBACK_ID));
    order.verify(config).reload(local);
    order.verify(git).revertAfter(local, Plans.GOOD_SHA, head);
    order.verify(git).restoreHead(local, head);
    order.verify(config).restoreSnapshot(local, snapshot(Plans.ROLLBACK_ID));
    order.verify(config).reload(local);
    verify(config, times(2)).restoreSnapshot(local, snapshot(Plans.ROLLBACK_ID));
  }

  private static RollbackPlan plan(boolean restart) {
    return Plans.of(new ConfigRestorePlan(SET, restart)).plan();
  }

  private static Target local(RollbackPlan plan) {
    return Target.of(plan, HostRef.agent("local"));
  }

  private static ConfigSnapshot snapshot(String id) {
    return new ConfigSnapshot("local", id, List.of(NGINX));
  }

  private static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(
        "the validator refused the configuration: exit 1; stderr: " + message,
        ConfigFailures.INVALID_CONFIG);
  }
}
