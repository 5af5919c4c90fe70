package dev.rewind.workflows.core;

import dev.rewind.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Function;

/**
 * The one way a strategy runs a step: a name for the timeline, the object it acts on, the activity
 * on the right task queue (the target host's agent, or the control worker) with a summary naming
 * the host and the object, and the options the step needs. Every step is recorded in the journal,
 * so the timeline cannot disagree with what ran.
 */
public final class Steps {
  /**
   * Every step heartbeats (the worker heartbeats running activities in the background, keeping
   * their own details): a worker killed mid-step is noticed within this, and the step retried on
   * another worker, so a crash costs seconds at any step whatever its StartToClose.
   */
  public static final Duration HEARTBEAT = Duration.ofSeconds(8);

  /** A step: five minutes at most, heartbeating, transient failures retried. */
  public static final ActivityOptions STEP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setHeartbeatTimeout(HEARTBEAT)
          .setRetryOptions(StepRetries.TRANSIENT)
          .build();

  /** A short step (Docker API calls, git reads): a crashed worker's step is retried in seconds. */
  public static final ActivityOptions SHORT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(20))
          .setHeartbeatTimeout(HEARTBEAT)
          .setRetryOptions(StepRetries.TRANSIENT)
          .build();

  /**
   * A short control step run as a local activity by the worker that runs the workflow: no round
   * trip through the server's task queues and no workflow task between two such steps, which is
   * most of what orchestration adds to a sub-second Docker call. A crash mid-step reruns it (steps
   * are idempotent) when the workflow task times out and another worker replays.
   */
  public static final LocalActivityOptions LOCAL =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(20))
          .setRetryOptions(StepRetries.TRANSIENT)
          .build();

  /** Compensations must get through: they retry for longer than steps do. */
  public static final ActivityOptions UNDO =
      ActivityOptions.newBuilder(STEP).setRetryOptions(StepRetries.UNDO).build();

  private final StepJournal journal;

  public Steps(StepJournal journal) {
    this.journal = journal;
  }

  public StepJournal journal() {
    return journal;
  }

  /**
   * Runs {@code call} on an activity stub of {@code type} served where {@code on} is, as step
   * {@code name} acting on {@code object}, and returns its result.
   */
  public <A, T> T run(
      String name,
      String object,
      Class<A> type,
      Target on,
      ActivityOptions options,
      Function<A, T> call) {
    A stub = stub(type, on.taskQueue(), options, name + ": " + object + " on " + on.where());
    return journal.run(name, on.host() + ": " + object, () -> call.apply(stub));
  }

  /** As {@link #run}, for a step without a result. */
  public <A> void call(
      String name,
      String object,
      Class<A> type,
      Target on,
      ActivityOptions options,
      Functions.Proc1<A> call) {
    run(
        name,
        object,
        type,
        on,
        options,
        stub -> {
          call.apply(stub);
          return null;
        });
  }

  /** A step the control worker runs about {@code on} (Docker API, HTTP): same recording. */
  public <A, T> T onControl(
      String name,
      String object,
      Class<A> type,
      Target on,
      ActivityOptions options,
      Function<A, T> call) {
    A stub = stub(type, TaskQueues.CONTROL, options, name + ": " + object + " for " + on.host());
    return journal.run(name, on.host() + ": " + object, () -> call.apply(stub));
  }

  /** As {@link #onControl}, as a local activity of the control worker ({@link #LOCAL}). */
  public <A, T> T onControlLocally(
      String name, String object, Class<A> type, Target on, Function<A, T> call) {
    A stub =
        Workflow.newLocalActivityStub(
            type,
            LocalActivityOptions.newBuilder(LOCAL)
                .setSummary(name + ": " + object + " for " + on.host())
                .build());
    return journal.run(name, on.host() + ": " + object, () -> call.apply(stub));
  }

  private static <A> A stub(Class<A> type, String queue, ActivityOptions options, String summary) {
    return Workflow.newActivityStub(
        type, ActivityOptions.newBuilder(options).setTaskQueue(queue).setSummary(summary).build());
  }
}
