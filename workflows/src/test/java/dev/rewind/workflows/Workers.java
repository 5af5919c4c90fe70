package dev.rewind.workflows;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.rewind.workflows.code.GitActivities;
import dev.rewind.workflows.code.GitHead;
import dev.rewind.workflows.container.ContainerActivities;
import dev.rewind.workflows.core.HealthActivities;
import dev.rewind.workflows.core.HostActivities;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.database.BackupCheck;
import dev.rewind.workflows.database.DatabaseActivities;
import dev.rewind.workflows.database.SnapshotManifest;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The workers of a test: the real workflow on the control queue with every activity mocked —
 * Docker, health and notifications on the control queue, host commands, git and the database on
 * agent host {@code local}'s queue, the ledger on its own — and the ways a test starts, reads and
 * steers a rollback.
 */
final class Workers {
  static final Target LOCAL =
      new Target("billing-api", "production", "local", HostRef.AGENT, Plans.DIGEST);

  final HostActivities commands = mock(HostActivities.class, withSettings().withoutAnnotations());
  final GitActivities git = mock(GitActivities.class, withSettings().withoutAnnotations());
  final DatabaseActivities database =
      mock(DatabaseActivities.class, withSettings().withoutAnnotations());
  final ContainerActivities docker =
      mock(ContainerActivities.class, withSettings().withoutAnnotations());
  final HealthActivities health = mock(HealthActivities.class, withSettings().withoutAnnotations());
  final NotifyActivities notify = mock(NotifyActivities.class, withSettings().withoutAnnotations());
  final LedgerActivities ledger = mock(LedgerActivities.class, withSettings().withoutAnnotations());
  final TestWorkflowEnvironment env;
  final WorkflowClient client;

  static TestWorkflowExtension extension() {
    return Rollbacks.extension();
  }

  /** Registers the mocks, starts the environment, and answers every step as succeeding. */
  Workers(TestWorkflowEnvironment env, WorkflowClient client) {
    this.env = env;
    this.client = client;
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(docker, health, notify);
    env.newWorker(TaskQueues.host("local"))
        .registerActivitiesImplementations(commands, git, database);
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(ledger);
    env.start();
    when(commands.runCommand(any(), any(), any())).thenReturn("exit 0");
    when(health.awaitStatus(any(), eq(200), eq(60))).thenReturn("200");
    when(git.recordHead(LOCAL)).thenReturn(HEAD);
    when(git.revertAfter(eq(LOCAL), eq(Plans.GOOD_SHA), eq(HEAD))).thenReturn("reverted 2");
    when(docker.inspectContainer(LOCAL)).thenReturn(Plans.runningOnBadVersion());
    when(docker.recreateContainer(LOCAL, Plans.ORIGINAL_ID, "v1.5.2"))
        .thenReturn(Plans.REPLACEMENT_ID);
    when(database.checkBackup(eq(LOCAL), eq(Plans.BACKUP), anyLong(), anyBoolean()))
        .thenReturn(BACKUP_CHECK);
    when(database.snapshotDatabase(eq(LOCAL), anyString(), eq(Plans.ROLLBACK_ID), anyString()))
        .thenAnswer(call -> manifest(call.getArgument(1)));
    when(database.restoreDatabase(any(), anyString(), any())).thenReturn("restored");
    when(database.runSqlChecks(LOCAL)).thenReturn("1 check passed");
    when(database.pruneSnapshots(eq(LOCAL), any())).thenReturn(List.of());
    when(ledger.approvals(Plans.ROLLBACK_ID)).thenReturn(List.of());
  }

  static final GitHead HEAD = new GitHead("local", "/srv/billing", "a1b2c3d4e5f6a1b2c3d4", "main");

  static final BackupCheck BACKUP_CHECK =
      new BackupCheck(
          Plans.BACKUP,
          "cd".repeat(32),
          11_000_000,
          Instant.parse("2026-11-26T07:00:00Z"),
          9000,
          true,
          false,
          manifest("deploy-v1.5.3"));

  static String snapshotId(int attempt, String step) {
    return Plans.ROLLBACK_ID + "-a" + attempt + "-" + step;
  }

  static SnapshotManifest manifest(String snapshotId) {
    return new SnapshotManifest(
        snapshotId,
        "/var/backups/rewind/billing/" + snapshotId + ".dump",
        "ab".repeat(32),
        12_300_000,
        "billing",
        "15.18",
        Instant.parse("2026-11-26T09:30:00Z"),
        Plans.ROLLBACK_ID,
        "step",
        Map.of("public.accounting_journal", 100_000L));
  }

  RollbackWorkflow start(RollbackPlan plan) {
    return Rollbacks.start(client, plan);
  }

  RollbackState result() {
    return client.newUntypedWorkflowStub(Plans.ROLLBACK_ID).getResult(RollbackState.class);
  }

  /** Waits, skipping workflow time by up to ten minutes, until the state meets the condition. */
  RollbackState await(RollbackWorkflow rollback, Predicate<RollbackState> condition) {
    return Rollbacks.awaitState(env, rollback, condition, Duration.ofSeconds(1));
  }

  RollbackState await(RollbackWorkflow rollback, RollbackStatus status) {
    return await(rollback, s -> s.status() == status);
  }

  /** An operator action as the api records it in the ledger and then signals it. */
  OperatorAction recorded(long id, String kind, String identity, String text) {
    OperatorAction action = new OperatorAction(id, kind, identity, text);
    when(ledger.action(Plans.ROLLBACK_ID, id)).thenReturn(action);
    return action;
  }

  static List<String> stepNames(RollbackState state) {
    return state.steps().stream().map(StepRecord::name).toList();
  }
}
