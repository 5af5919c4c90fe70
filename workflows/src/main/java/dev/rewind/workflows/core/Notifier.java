package dev.rewind.workflows.core;

import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Announces a rollback's events to the targets the worker's catalog routes them to, beside the
 * rollback and never in its way: {@link #send} only queues the event. A thread of its own asks the
 * worker for the routes once, then starts one delivery per routed target, each its own activity
 * retried by Temporal and listed as a step ("notify started" → target). Deliveries to one target go
 * in order, each after the previous one ended; a target that is down delays only its own later
 * deliveries. Everything runs in a detached scope, so an aborted attempt does not cancel them; a
 * rollback that ends waits at most {@link #FLUSH} for the last ones.
 */
public final class Notifier {
  static final Duration FLUSH = Duration.ofMinutes(2);

  private final NotifyActivities notify =
      Workflow.newActivityStub(
          NotifyActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.CONTROL)
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setBackoffCoefficient(2)
                      .setMaximumAttempts(4)
                      .build())
              .setSummary("notify the routed targets")
              .build());

  private final Target service;
  private final String rollbackId;
  private final String summary;
  private final StepJournal journal;
  private final List<Notice> queued = new ArrayList<>();
  private final Map<String, Promise<Void>> lastByTarget = new HashMap<>();
  private int dispatched;
  private int delivering;
  private boolean started;

  public Notifier(RollbackPlan plan, String rollbackId, StepJournal journal) {
    this.service = Target.of(plan, plan.topology().hosts().get(0));
    this.rollbackId = rollbackId;
    this.summary = plan.summary();
    this.journal = journal;
  }

  /** Queues {@code event} for its routed targets; returns at once. */
  public void send(String event, String status, String detail, String link) {
    queued.add(
        new Notice(event, rollbackId, summary, status, detail, link, Workflow.currentTimeMillis()));
    if (!started) {
      started = true;
      Workflow.newDetachedCancellationScope(() -> Async.procedure(this::dispatch)).run();
    }
  }

  /** Waits, at most {@link #FLUSH}, for every queued event to be delivered or given up. */
  public void flush() {
    if (started) {
      Workflow.newDetachedCancellationScope(
              () -> Workflow.await(FLUSH, () -> dispatched == queued.size() && delivering == 0))
          .run();
    }
  }

  private void dispatch() {
    Map<String, List<String>> routes = routes();
    while (true) {
      Workflow.await(() -> dispatched < queued.size());
      Notice notice = queued.get(dispatched++);
      for (String target : routes.getOrDefault(notice.event(), List.of())) {
        CompletablePromise<Void> done = Workflow.newPromise();
        Promise<Void> previous = lastByTarget.put(target, done);
        delivering++;
        Async.procedure(
            () -> {
              try {
                if (previous != null) {
                  previous.get();
                }
                deliver(target, notice);
              } finally {
                delivering--;
                done.complete(null);
              }
            });
      }
    }
  }

  private Map<String, List<String>> routes() {
    try {
      return notify.routes(service);
    } catch (TemporalFailure e) {
      Workflow.getLogger(Notifier.class).error("no notification routes: {}", e.getMessage());
      return Map.of();
    }
  }

  private void deliver(String target, Notice notice) {
    try {
      journal.beside(
          "notify " + notice.event(), target, () -> notify.deliver(service, target, notice));
    } catch (TemporalFailure e) {
      Workflow.getLogger(Notifier.class)
          .warn("could not notify {} of {}: {}", target, notice.event(), e.getMessage());
    }
  }
}
