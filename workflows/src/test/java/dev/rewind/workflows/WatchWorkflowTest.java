package dev.rewind.workflows;

import static dev.rewind.workflows.Workers.LOCAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.rewind.workflows.core.Incident;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * The watch after a chain (runbooks 000 and 004: "monitor for 30 minutes"): the registry records
 * the version rolled back to before it starts; healthy checks end it SUCCEEDED; consecutive failed
 * checks notify and escalate with the evidence; {@code resolve} then ends it SUCCEEDED with the
 * note, {@code abort} ends it ABORTED without undoing the chain; a watch in progress replays.
 */
class WatchWorkflowTest {
  @RegisterExtension static final TestWorkflowExtension testWorkflow = Workers.extension();

  private Workers w;

  @BeforeEach
  void start(TestWorkflowEnvironment env, WorkflowClient client) {
    w = new Workers(env, client);
  }

  private static RollbackPlan watched(int minutes) {
    return Plans.of(Plans.CONTAINER).watch(minutes, 30, 3).plan();
  }

  private void healthAnswers(int status) {
    when(w.health.probe(LOCAL, 200))
        .thenAnswer(
            call ->
                new HealthProbe("local", System.currentTimeMillis(), status, null, status == 200));
  }

  @Test
  void aWatchThatStaysHealthyEndsSucceededAfterItsMinutes() {
    healthAnswers(200);
    RollbackWorkflow rollback = w.start(watched(30));

    RollbackState watching = w.await(rollback, RollbackStatus.WATCHING);
    verify(w.ledger).recordRolledBack(eq(Plans.ROLLBACK_ID), any());
    RollbackState end = w.result();

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(60, end.watch().checks());
    assertEquals(0, end.watch().failures());
    assertEquals(
        watching.watch().startedAt() + Duration.ofMinutes(30).toMillis(), end.watch().endsAt());
    assertTrue(end.outcome().contains("watch passed"), end.outcome());
    verify(w.notify, never()).declareIncident(any(), any());
  }

  @Test
  void consecutiveFailedChecksNotifyAndEscalateWithTheEvidence() {
    AtomicInteger checks = new AtomicInteger();
    when(w.health.probe(LOCAL, 200))
        .thenAnswer(
            call -> {
              boolean healthy = checks.incrementAndGet() <= 4;
              return new HealthProbe(
                  "local", 1_000L * checks.get(), healthy ? 200 : 500, null, healthy);
            });
    RollbackWorkflow rollback = w.start(watched(30));

    RollbackState escalated = w.await(rollback, RollbackStatus.ESCALATED);

    assertEquals(7, escalated.watch().checks());
    assertEquals(3, escalated.watch().consecutiveFailures());
    assertEquals(3, escalated.watch().evidence().size());
    assertEquals(500, escalated.watch().evidence().get(0).status());
    verify(w.notify)
        .declareIncident(
            eq(LOCAL),
            argThat(
                (Incident i) ->
                    i.summary().startsWith("WATCH FAILED")
                        && i.lastFailure().contains("HTTP 500")));
    verify(w.ledger).recordRolledBack(eq(Plans.ROLLBACK_ID), any());
  }

  @Test
  void resolveAfterAFailedWatchEndsSucceededWithTheNote() {
    healthAnswers(503);
    RollbackWorkflow rollback = w.start(watched(30));
    w.await(rollback, RollbackStatus.ESCALATED);

    rollback.resolve(w.recorded(11, OperatorAction.RESOLVE, "olga", "cache warmed by hand"));
    RollbackState end = w.result();

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals("resolved by hand by olga: cache warmed by hand", end.outcome());
  }

  @Test
  void abortAfterAFailedWatchEndsAbortedAndUndoesNothing() {
    healthAnswers(503);
    RollbackWorkflow rollback = w.start(watched(30));
    w.await(rollback, RollbackStatus.ESCALATED);

    rollback.abort(w.recorded(12, OperatorAction.ABORT, "olga", "rolling forward instead"));
    RollbackState end = w.result();

    assertEquals(RollbackStatus.ABORTED, end.status());
    assertTrue(end.outcome().contains("not undone"), end.outcome());
    verify(w.docker, never()).reinstateContainer(any(), any());
    verify(w.docker, never()).discardReplacement(any(), any());
  }

  @Test
  void retryAfterAFailedWatchWatchesAgain() {
    AtomicInteger checks = new AtomicInteger();
    when(w.health.probe(LOCAL, 200))
        .thenAnswer(
            call -> {
              boolean healthy = checks.incrementAndGet() > 3;
              return new HealthProbe("local", 0, healthy ? 200 : 502, null, healthy);
            });
    RollbackWorkflow rollback = w.start(Plans.of(Plans.CONTAINER).watch(5, 30, 3).plan());
    w.await(rollback, RollbackStatus.ESCALATED);

    rollback.retry(w.recorded(13, OperatorAction.RETRY, "olga", "upstream fixed"));
    RollbackState end = w.result();

    assertEquals(RollbackStatus.SUCCEEDED, end.status());
    assertEquals(10, end.watch().checks());
  }

  @Test
  void aWatchInProgressReplaysFromItsHistory() throws Exception {
    healthAnswers(200);
    RollbackWorkflow rollback = w.start(watched(30));
    w.await(rollback, s -> s.watch() != null && s.watch().checks() >= 5);

    WorkflowExecutionHistory history = w.client.fetchHistory(Plans.ROLLBACK_ID);
    WorkflowReplayer.replayWorkflowExecution(history, RollbackWorkflowImpl.class);

    assertEquals(RollbackStatus.SUCCEEDED, w.result().status());
  }

  @Test
  void theRegistryRecordsTheVersionBeforeTheWatchEnds() {
    healthAnswers(200);
    RollbackWorkflow rollback = w.start(watched(30));
    w.await(rollback, RollbackStatus.WATCHING);
    w.result();

    InOrder order = inOrder(w.ledger, w.health);
    order.verify(w.ledger).recordRolledBack(eq(Plans.ROLLBACK_ID), any());
    order.verify(w.health, atLeastOnce()).probe(LOCAL, 200);
    order.verify(w.ledger).recordOutcome(eq(Plans.ROLLBACK_ID), any(), any());
  }
}
