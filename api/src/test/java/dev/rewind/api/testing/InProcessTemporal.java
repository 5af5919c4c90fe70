package dev.rewind.api.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.rewind.workflows.HealthProbe;
import dev.rewind.workflows.PreflightWorkflowImpl;
import dev.rewind.workflows.RollbackWorkflowImpl;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.code.GitActivities;
import dev.rewind.workflows.code.GitHead;
import dev.rewind.workflows.container.ContainerActivities;
import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.core.HealthActivities;
import dev.rewind.workflows.core.HostActivities;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.database.BackupCheck;
import dev.rewind.workflows.database.DatabaseActivities;
import dev.rewind.workflows.database.SnapshotManifest;
import dev.rewind.workflows.drill.DrillWorkflowImpl;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Temporal in the test's process: the real rollback and preflight workflows on {@code
 * rewind-control} (and the drill workflow) with every activity that acts on a target mocked
 * (Docker, git, host commands, database, health, notify), served on the control queue and on host
 * {@code local}'s, so rollbacks run through the api, the workflow and the api's own ledger worker.
 * {@link #holdHealthWait()} keeps container rollbacks running until released.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InProcessTemporal {
  public static final String ORIGINAL = "0123456789abcdef0123456789abcdef";
  public static final String REPLACEMENT = "fedcba9876543210fedcba9876543210";
  public static final String HEAD = "9999999999999999999999999999999999999999";
  public static final ContainerActivities docker = mocked(ContainerActivities.class);
  public static final NotifyActivities notify = mocked(NotifyActivities.class);
  public static final HostActivities host = mocked(HostActivities.class);
  public static final DatabaseActivities database = mocked(DatabaseActivities.class);
  public static final HealthActivities health = mocked(HealthActivities.class);
  public static final GitActivities git = mocked(GitActivities.class);
  private static final AtomicInteger snapshots = new AtomicInteger();
  private static volatile CountDownLatch healthWait = new CountDownLatch(0);

  private static <T> T mocked(Class<T> type) {
    return mock(type, withSettings().withoutAnnotations());
  }

  @Bean(destroyMethod = "close")
  TestWorkflowEnvironment testWorkflowEnvironment() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    for (String name :
        List.of("RewindService", "RewindEnvironment", "RewindStrategy", "RewindStatus")) {
      env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(
        RollbackWorkflowImpl.class, PreflightWorkflowImpl.class, DrillWorkflowImpl.class);
    control.registerActivitiesImplementations(docker, notify, host, database, health, git);
    env.newWorker(TaskQueues.host("local"))
        .registerActivitiesImplementations(docker, host, database, health, git);
    env.start();
    return env;
  }

  /**
   * The api's clock on the in-process server's time, which skips ahead while workflows wait on
   * timers: a plan's detection and the SLA clock then count in the same time.
   */
  @Bean
  java.time.Clock temporalTime(TestWorkflowEnvironment env) {
    return new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(env.currentTimeMillis());
      }
    };
  }

  @Bean
  @Primary
  WorkflowClient testWorkflowClient(TestWorkflowEnvironment env) {
    return env.getWorkflowClient();
  }

  @Bean(destroyMethod = "")
  @Primary
  WorkflowServiceStubs testWorkflowServiceStubs(TestWorkflowEnvironment env) {
    return env.getWorkflowServiceStubs();
  }

  /** Ids of every workflow the in-process server has, open or closed. */
  public static Set<String> workflowIds(TestWorkflowEnvironment env) {
    var service = env.getWorkflowServiceStubs().blockingStub();
    String namespace = env.getNamespace();
    Set<String> ids = new HashSet<>();
    service
        .listOpenWorkflowExecutions(
            ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).build())
        .getExecutionsList()
        .forEach(e -> ids.add(e.getExecution().getWorkflowId()));
    service
        .listClosedWorkflowExecutions(
            ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).build())
        .getExecutionsList()
        .forEach(e -> ids.add(e.getExecution().getWorkflowId()));
    return ids;
  }

  /**
   * Every step succeeds: containers are replaced, commands exit 0, the database is snapshotted and
   * restored, backups are fresh, commits exist, hosts answer and health checks pass. The container
   * health wait returns at once.
   */
  public static void activitiesSucceed() {
    reset(docker, notify, host, database, health, git);
    healthWait = new CountDownLatch(0);
    when(docker.inspectContainer(any()))
        .thenAnswer(
            call ->
                new ContainerSnapshot(
                    ORIGINAL,
                    "demo-web",
                    "registry.local:5000/app:v2",
                    "sha256:bad",
                    true,
                    false,
                    "unless-stopped",
                    List.of(),
                    List.of(),
                    List.of()));
    when(docker.recreateContainer(any(), any(), any())).thenReturn(REPLACEMENT);
    when(docker.hasImage(any(), anyString())).thenReturn(true);
    doAnswer(
            call -> {
              // Heartbeats while held, as the real wait does, so an abort cancels it cleanly.
              while (!healthWait.await(50, TimeUnit.MILLISECONDS)) {
                Activity.getExecutionContext().heartbeat(null);
              }
              return null;
            })
        .when(docker)
        .awaitHealthy(any(), any(), any());
    when(host.runCommand(any(), any(), any())).thenReturn("exit 0");
    when(host.reach(any())).thenReturn("reachable");
    when(health.awaitStatus(any(), anyInt(), anyInt())).thenReturn("HTTP 200");
    when(health.probe(any(), anyInt()))
        .thenAnswer(
            call ->
                new HealthProbe(
                    call.<Target>getArgument(0).host(),
                    System.currentTimeMillis(),
                    call.getArgument(1),
                    null,
                    true));
    when(database.snapshotDatabase(any(), anyString(), anyString(), anyString()))
        .thenAnswer(
            call -> manifest(call.getArgument(1), call.getArgument(2), call.getArgument(3)));
    when(database.checkBackup(any(), anyString(), anyLong(), anyBoolean()))
        .thenAnswer(
            call ->
                new BackupCheck(
                    call.getArgument(1),
                    "cd".repeat(32),
                    1_000_000,
                    Instant.now().minusSeconds(600),
                    600,
                    true,
                    false,
                    null));
    when(database.restoreDatabase(any(), anyString(), any())).thenReturn("restored");
    when(database.runSqlChecks(any())).thenReturn("no verify SQL declared");
    when(database.listSnapshots(any())).thenReturn(List.of());
    when(database.pruneSnapshots(any(), any())).thenReturn(List.of());
    when(git.recordHead(any()))
        .thenAnswer(call -> new GitHead(call.<Target>getArgument(0).host(), "/srv", HEAD, "main"));
    when(git.revertAfter(any(), anyString(), any())).thenReturn("reverted");
    when(git.checkout(any(), anyString(), any())).thenReturn("checked out");
    when(git.hasCommit(any(), anyString())).thenReturn(true);
    when(git.restoreHead(any(), any())).thenReturn("restored");
  }

  /** A snapshot manifest as the database activity would write it. */
  public static SnapshotManifest manifest(String snapshotId, String rollbackId, String step) {
    return new SnapshotManifest(
        snapshotId,
        "/var/backups/rewind/billing/" + snapshotId + ".dump",
        "ab".repeat(32),
        12_300_000,
        "billing",
        "15.18",
        Instant.parse("2026-11-26T09:00:00Z").plusSeconds(snapshots.incrementAndGet()),
        rollbackId,
        step,
        Map.of("public.journal", 100_000L));
  }

  /** From now on the container health wait blocks until {@link #releaseHealthWait()}. */
  public static void holdHealthWait() {
    healthWait = new CountDownLatch(1);
  }

  public static void releaseHealthWait() {
    healthWait.countDown();
  }
}
