package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.TestLedger;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.activities.config.BackupSets;
import dev.rewind.activities.config.Nginx;
import dev.rewind.catalog.Catalog;
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
import dev.rewind.workflows.RollbackWorkflow;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.Topology;
import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.Topology.RolloutPolicy;
import dev.rewind.workflows.config.ConfigRestorePlan;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The config-restore acceptance with real processes: the agent worker is SIGKILLed after it wrote
 * the backup set's files and before the reload (while the validator runs). The validate step's
 * heartbeat times out, a new worker runs it again, reloads, and the rollback ends SUCCEEDED with
 * nginx serving the restored configuration: each file written once, reloaded once.
 */
@Tag("infra")
class ConfigRestoreKillEndToEndIT {
  private static final String ID = "rollback-prod-web-20261202100000-kill";

  private static DevStack stack;
  private static Nginx nginx;
  private static WorkflowServiceStubs service;
  private static WorkerFactory ledgerWorker;
  private static Path work;

  @BeforeAll
  static void start() throws Exception {
    stack = new DevStack();
    work = Files.createTempDirectory("rewind-e2e-config-kill-");
    nginx = new Nginx(work.resolve("nginx"));
    stack.startTemporal();
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalAddress()).build());
    ledgerWorker = WorkerFactory.newInstance(stack.client(service));
    ledgerWorker.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(new TestLedger());
    ledgerWorker.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (ledgerWorker != null) {
      ledgerWorker.shutdownNow();
      ledgerWorker.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (service != null) {
      service.shutdownNow();
    }
    if (stack != null) {
      stack.close();
    }
    if (nginx != null) {
      nginx.close();
    }
  }

  @Test
  void agentKilledBetweenWriteAndReloadIsRetriedAndNginxServesTheRestoredSet() throws Exception {
    Path backups = work.resolve("backups");
    BackupSets.write(backups, "v1", Map.of(nginx.conf, nginx.good()));
    Files.writeString(nginx.conf, nginx.broken());
    nginx.start();
    assertEquals(502, nginx.status());
    Path validating = work.resolve("validating");
    Catalog catalog =
        TestCatalogs.write(stack.dir, catalogYaml(backups, slowValidator(validating)));

    Process first = stack.startWorker("worker-1.log", "control,agent", "local");
    WorkflowClient client = stack.client(service);
    RollbackPlan plan = plan(catalog);
    RollbackWorkflow workflow =
        client.newWorkflowStub(
            RollbackWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(TaskQueues.CONTROL)
                .setTypedSearchAttributes(RewindSearchAttributes.initial(plan))
                .build());
    WorkflowClient.start(workflow::rollback, plan);
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);

    awaitFile(validating, Duration.ofSeconds(60));
    byte[] set =
        Files.readAllBytes(backups.resolve("v1").resolve(nginx.conf.toString().substring(1)));
    assertArrayEquals(set, Files.readAllBytes(nginx.conf), "written before the validator ran");
    long killedAt = System.nanoTime();
    Processes.sigkill(first);
    assertEquals(502, nginx.status(), "not reloaded yet: the old configuration still serves");
    stack.startWorker("worker-2.log", "control,agent", "local");

    RollbackState end = stub.getResult(120, TimeUnit.SECONDS, RollbackState.class);
    long recoveredMs = (System.nanoTime() - killedAt) / 1_000_000;

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.outcome());
    assertEquals(1, end.attempt(), "one attempt: only the step that was cut short ran again");
    assertEquals(200, nginx.awaitStatus(200));
    assertArrayEquals(set, Files.readAllBytes(nginx.conf));
    List<HistoryEvent> events = client.fetchHistory(ID).getEvents();
    assertEquals(1, scheduled(events, "WriteSet"));
    assertEquals(1, scheduled(events, "Reload"));
    HistoryEvent validate = started(events, "Validate");
    assertTrue(validate.getActivityTaskStartedEventAttributes().getAttempt() >= 2);
    assertEquals(
        TimeoutType.TIMEOUT_TYPE_HEARTBEAT,
        validate
            .getActivityTaskStartedEventAttributes()
            .getLastFailure()
            .getTimeoutFailureInfo()
            .getTimeoutType());
    System.out.printf(
        "validate attempt %d after the SIGKILL; SUCCEEDED %d ms after it%n",
        validate.getActivityTaskStartedEventAttributes().getAttempt(), recoveredMs);
  }

  /**
   * nginx -t behind a script that, the first time, says it runs (a file) and then takes long: the
   * window in which the test kills the worker, files written and nothing reloaded.
   */
  private static Path slowValidator(Path validating) throws Exception {
    Path script = work.resolve("validate.sh");
    Files.writeString(
        script,
        """
        #!/bin/sh
        if [ ! -f '%1$s' ]; then touch '%1$s'; sleep 60; fi
        exec %2$s
        """
            .formatted(validating, String.join(" ", nginx.validate())));
    return script;
  }

  private static String catalogYaml(Path backups, Path validator) {
    return """
        hosts:
          local: { transport: agent }
        services:
          web:
            prod:
              hosts: [local]
              health: { url: "%s", timeout: 10s }
              config: { files: ["%s"], backupDir: "%s", validate: [sh, "%s"], reload: %s }
        """
        .formatted(
            nginx.healthUrl(),
            nginx.conf,
            backups,
            validator,
            nginx.reload().stream().map(a -> "\"" + a + "\"").toList());
  }

  private static RollbackPlan plan(Catalog catalog) {
    return new RollbackPlan(
        "web",
        "prod",
        new Versions("v2", "v1", null),
        "nginx answers 502 after v2",
        "test",
        new Topology(
            catalog.digest("web", "prod"),
            List.of(HostRef.agent("local")),
            RolloutPolicy.ONE_AT_A_TIME,
            null,
            new HealthPolicy(200, 10),
            null,
            EnumSet.noneOf(HostCommand.class)),
        ApprovalPolicy.NONE,
        new EscalationPolicy(15),
        WatchPolicy.NONE,
        List.of(new ConfigRestorePlan("v1", false)));
  }

  private static void awaitFile(Path file, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the validator never ran; logs in " + stack.dir);
      }
      Thread.sleep(50);
    }
  }

  private static long scheduled(List<HistoryEvent> events, String type) {
    return scheduledOf(events, type).count();
  }

  /** The ActivityTaskStarted event of {@code type}: Temporal records only the last attempt's. */
  private static HistoryEvent started(List<HistoryEvent> events, String type) {
    long id = scheduledOf(events, type).findFirst().orElseThrow().getEventId();
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .filter(e -> e.getActivityTaskStartedEventAttributes().getScheduledEventId() == id)
        .findFirst()
        .orElseThrow();
  }

  private static java.util.stream.Stream<HistoryEvent> scheduledOf(
      List<HistoryEvent> events, String type) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(
            e ->
                e.getActivityTaskScheduledEventAttributes()
                    .getActivityType()
                    .getName()
                    .equals(type));
  }
}
