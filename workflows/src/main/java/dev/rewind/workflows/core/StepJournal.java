package dev.rewind.workflows.core;

import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.StepStatus;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The timeline of a rollback: every step with its attempt, target, times, outcome and detail. Steps
 * run through it so the timeline can never disagree with what happened.
 */
public final class StepJournal {
  private final List<StepRecord> steps = new ArrayList<>();
  private int attempt;
  private String current;

  public void startAttempt(int attempt) {
    this.attempt = attempt;
  }

  public int attempt() {
    return attempt;
  }

  public String current() {
    return current;
  }

  public List<StepRecord> steps() {
    return List.copyOf(steps);
  }

  public void run(String name, String target, Functions.Proc step) {
    run(
        name,
        target,
        () -> {
          step.apply();
          return null;
        });
  }

  public <T> T run(String name, String target, Functions.Func<T> step) {
    current = name + " " + target;
    try {
      return record(name, target, step);
    } finally {
      current = null;
    }
  }

  /**
   * A step that runs beside the rollback's own (a notification): listed like any step, but never
   * the rollback's current step.
   */
  public <T> T beside(String name, String target, Functions.Func<T> step) {
    return record(name, target, step);
  }

  private <T> T record(String name, String target, Functions.Func<T> step) {
    int index = steps.size();
    steps.add(
        new StepRecord(
            name, target, attempt, StepStatus.RUNNING, Workflow.currentTimeMillis(), null, null));
    try {
      T result = step.apply();
      end(index, StepStatus.SUCCEEDED, detailOf(result));
      return result;
    } catch (CanceledFailure e) {
      end(index, StepStatus.CANCELED, "canceled");
      throw e;
    } catch (TemporalFailure e) {
      end(index, isCanceled(e) ? StepStatus.CANCELED : StepStatus.FAILED, describe(e));
      throw e;
    }
  }

  /** A step result that says what was done, for the step's detail. */
  public interface Detailed {
    String detail();
  }

  private static String detailOf(Object result) {
    if (result instanceof String s) {
      return s;
    }
    return result instanceof Detailed d ? d.detail() : null;
  }

  /** Records something that took no activity, such as a decision the workflow made. */
  public void note(String name, String target, String detail) {
    long now = Workflow.currentTimeMillis();
    steps.add(new StepRecord(name, target, attempt, StepStatus.SUCCEEDED, now, now, detail));
  }

  private void end(int index, StepStatus status, String detail) {
    steps.set(index, steps.get(index).finish(status, Workflow.currentTimeMillis(), detail));
  }

  public static boolean isCanceled(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  /** The root cause's type and message, short enough for a step's detail. */
  public static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null
        && (root instanceof ActivityFailure || root.getCause() instanceof TemporalFailure)) {
      root = root.getCause();
    }
    String message =
        root instanceof TemporalFailure tf ? tf.getOriginalMessage() : root.getMessage();
    String type = root instanceof ApplicationFailure af ? af.getType() + ": " : "";
    String detail = type + message;
    return detail.length() > 500 ? detail.substring(0, 500) + "…" : detail;
  }
}
