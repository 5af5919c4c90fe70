package dev.rewind.api.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.rewind.workflows.ContainerActivities;
import dev.rewind.workflows.ContainerSnapshot;
import dev.rewind.workflows.DatabaseActivities;
import dev.rewind.workflows.HealthActivities;
import dev.rewind.workflows.HostActivities;
import dev.rewind.workflows.NotifyActivities;
import dev.rewind.workflows.RollbackWorkflowImpl;
import dev.rewind.workflows.TaskQueues;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Temporal in the test's process: the real rollback workflow on {@code rewind-control} with the
 * Docker, notify, host, database and health activities mocked, so rollbacks run through the api,
 * the workflow and the api's own ledger worker. {@link #holdHealthWait()} keeps rollbacks active
 * until released.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InProcessTemporal {
  public static final String ORIGINAL = "0123456789abcdef0123456789abcdef";
  public static final String REPLACEMENT = "fedcba9876543210fedcba9876543210";
  public static final ContainerActivities docker =
      mock(ContainerActivities.class, withSettings().withoutAnnotations());
  public static final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());
  // the database strategies' steps: on host local's queue, and the HTTP check on the control queue
  public static final HostActivities host =
      mock(HostActivities.class, withSettings().withoutAnnotations());
  public static final DatabaseActivities database =
      mock(DatabaseActivities.class, withSettings().withoutAnnotations());
  public static final HealthActivities health =
      mock(HealthActivities.class, withSettings().withoutAnnotations());
  private static volatile CountDownLatch healthWait = new CountDownLatch(0);

  @Bean(destroyMethod = "close")
  TestWorkflowEnvironment testWorkflowEnvironment() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    for (String name :
        List.of("RewindService", "RewindEnvironment", "RewindStrategy", "RewindStatus")) {
      env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    Worker worker = env.newWorker(TaskQueues.CONTROL);
    worker.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    worker.registerActivitiesImplementations(docker, notify, health);
    env.newWorker(TaskQueues.host("local")).registerActivitiesImplementations(host, database);
    env.start();
    return env;
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

  /** Every container step succeeds; the health wait returns at once. */
  public static void dockerSucceeds() {
    reset(docker, notify);
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
    org.mockito.Mockito.doAnswer(
            call -> {
              // Heartbeats while held, as the real wait does, so an abort cancels it cleanly.
              while (!healthWait.await(50, TimeUnit.MILLISECONDS)) {
                Activity.getExecutionContext().heartbeat(null);
              }
              return null;
            })
        .when(docker)
        .awaitHealthy(any(), any(), any());
  }

  /** From now on the health wait blocks until {@link #releaseHealthWait()}. */
  public static void holdHealthWait() {
    healthWait = new CountDownLatch(1);
  }

  public static void releaseHealthWait() {
    healthWait.countDown();
  }
}
