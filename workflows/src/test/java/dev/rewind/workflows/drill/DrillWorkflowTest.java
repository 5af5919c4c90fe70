package dev.rewind.workflows.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.core.Notice;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * A drill rolls back to known-good, then forward to the version the service ran, records the run
 * against the SLA and announces drill-result to its routed targets; a leg that fails or is refused
 * fails the drill and stops it, and the result is announced all the same. Time skipping: the api
 * restarting under the wait (retried with back-off) costs the test no real time.
 */
class DrillWorkflowTest {
  static final String RUN_ID = "drill-dev-demo-web-1-2026-12-02T03:00:00Z";
  static final DrillInput INPUT =
      new DrillInput("drill-dev-demo-web-1", "demo-web", "dev", List.of("container-revert"), "P1");
  static final Target TARGET = new Target("demo-web", "dev", "local", "agent", "d1g3st");

  TestWorkflowEnvironment env;
  DrillActivities drills = mock(DrillActivities.class, withSettings().withoutAnnotations());
  NotifyActivities notify = mock(NotifyActivities.class, withSettings().withoutAnnotations());
  List<Notice> delivered = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(DrillWorkflowImpl.class);
    control.registerActivitiesImplementations(notify);
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(drills);
    env.start();
    when(drills.begin(any(), anyString())).thenReturn(new DrillStart(TARGET, 30, 1_000));
    when(drills.startBack(any(), anyString()))
        .thenReturn(new StartedLeg("rollback-back", "v2", "v1"));
    when(drills.startForward(any(), anyString(), anyString(), anyString()))
        .thenReturn(new StartedLeg("rollback-forward", "v1", "v2"));
    when(notify.routes(any()))
        .thenReturn(Map.of("drill-result", List.of("team"), "started", List.of("other")));
    when(notify.deliver(any(), anyString(), any()))
        .thenAnswer(
            call -> {
              delivered.add(call.getArgument(2));
              return "HTTP 200";
            });
  }

  @AfterEach
  void stop() {
    env.close();
  }

  DrillRun drill() {
    DrillWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                DrillWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(RUN_ID)
                    .setTaskQueue(TaskQueues.CONTROL)
                    .build());
    return workflow.drill(INPUT);
  }

  /** Every record of the run, in order: with each leg under way, then the end. */
  List<DrillRun> records() {
    ArgumentCaptor<DrillRun> run = ArgumentCaptor.forClass(DrillRun.class);
    verify(drills, atLeastOnce()).recordRun(run.capture());
    return run.getAllValues();
  }

  DrillRun recorded() {
    List<DrillRun> all = records();
    return all.get(all.size() - 1);
  }

  @Test
  void rollsBackThenForwardToTheVersionItRanAndRecordsTheRunWithinTheSla() {
    when(drills.awaitEnd("rollback-back"))
        .thenThrow(new IllegalStateException("api restarting"))
        .thenThrow(new IllegalStateException("api restarting"))
        .thenReturn(new LegEnd("SUCCEEDED", 42, "rolled back"));
    when(drills.awaitEnd("rollback-forward")).thenReturn(new LegEnd("SUCCEEDED", 40, "forward"));

    DrillRun run = drill();

    verify(drills).begin(INPUT, RUN_ID);
    verify(drills).startForward(INPUT, RUN_ID, "v2", "v1");
    verify(drills, times(3)).awaitEnd("rollback-back");
    assertEquals(DrillRun.PASSED, run.outcome());
    assertEquals(
        new DrillLeg("rollback-back", "v2", "v1", "SUCCEEDED", 42L, "rolled back"), run.back());
    assertEquals(
        new DrillLeg("rollback-forward", "v1", "v2", "SUCCEEDED", 40L, "forward"), run.forward());
    assertEquals(30, run.slaMinutes());
    assertTrue(run.slaMet());
    assertEquals(1_000, run.startedAtMillis());
    assertNotNull(run.finishedAtMillis());
    List<DrillRun> records = records();
    assertEquals(3, records.size());
    assertEquals(DrillRun.RUNNING, records.get(0).outcome());
    assertEquals(
        new DrillLeg("rollback-back", "v2", "v1", DrillLeg.RUNNING, null, null),
        records.get(0).back());
    assertNull(records.get(0).forward());
    assertEquals(DrillRun.RUNNING, records.get(1).outcome());
    assertEquals(run.back(), records.get(1).back());
    assertEquals("rollback-forward", records.get(1).forward().rollbackId());
    assertNull(records.get(1).finishedAtMillis());
    assertEquals(run, records.get(2));
    assertEquals(
        "drill drill-dev-demo-web-1 PASSED: back v2 → v1 SUCCEEDED in 42 s, forward v1 → v2"
            + " SUCCEEDED in 40 s; rolled back within the 30 min SLA",
        run.summary());
  }

  @Test
  void theResultIsAnnouncedToTheTargetsRoutedForDrillResultOnly() {
    when(drills.awaitEnd(anyString())).thenReturn(new LegEnd("SUCCEEDED", 42, null));

    drill();

    verify(notify).deliver(eq(TARGET), eq("team"), any());
    verify(notify, never()).deliver(any(), eq("other"), any());
    assertEquals(1, delivered.size());
    Notice notice = delivered.get(0);
    assertEquals("drill-result", notice.event());
    assertEquals(RUN_ID, notice.rollbackId());
    assertEquals("PASSED", notice.status());
    assertEquals("/api/v1/drills", notice.link());
    assertTrue(notice.detail().contains("back: rollback-back"), notice.detail());
    assertTrue(notice.detail().contains("forward: rollback-forward"), notice.detail());
  }

  @Test
  void aFailedBackLegSkipsTheForwardLegAndFailsTheDrill() {
    when(drills.awaitEnd("rollback-back"))
        .thenReturn(new LegEnd("FAILED", 300, "container-revert failed twice; compensated"));

    DrillRun run = drill();

    verify(drills, never()).startForward(any(), anyString(), anyString(), anyString());
    assertEquals(DrillRun.FAILED, run.outcome());
    assertEquals("FAILED", run.back().status());
    assertEquals(DrillLeg.SKIPPED, run.forward().status());
    assertEquals("the back leg ended FAILED", run.forward().detail());
    assertNull(run.slaMet());
    assertEquals(DrillRun.FAILED, recorded().outcome());
    assertEquals(List.of("FAILED"), delivered.stream().map(Notice::status).toList());
  }

  @Test
  void aRefusedForwardLegIsTheLegsOutcomeWithTheApisReason() {
    when(drills.awaitEnd("rollback-back")).thenReturn(new LegEnd("SUCCEEDED", 42, null));
    when(drills.startForward(any(), anyString(), anyString(), anyString()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "demo-web dev already has an active rollback: rollback-other",
                DrillActivities.REFUSED));

    DrillRun run = drill();

    verify(drills).startForward(any(), anyString(), anyString(), anyString());
    assertEquals(DrillRun.FAILED, run.outcome());
    assertEquals(DrillLeg.REFUSED, run.forward().status());
    assertTrue(run.forward().detail().contains("already has an active rollback"));
    assertTrue(run.slaMet());
  }

  @Test
  void aBackLegSlowerThanTheSlaIsRecordedAsMissingIt() {
    when(drills.awaitEnd("rollback-back")).thenReturn(new LegEnd("SUCCEEDED", 31 * 60, null));
    when(drills.awaitEnd("rollback-forward")).thenReturn(new LegEnd("SUCCEEDED", 60, null));

    DrillRun run = drill();

    assertEquals(DrillRun.PASSED, run.outcome());
    assertFalse(run.slaMet());
    assertTrue(run.summary().endsWith("rolled back OUTSIDE the 30 min SLA"), run.summary());
  }
}
