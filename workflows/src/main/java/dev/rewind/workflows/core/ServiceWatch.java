package dev.rewind.workflows.core;

import dev.rewind.workflows.HealthProbe;
import dev.rewind.workflows.RollbackPlan.WatchPolicy;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.WatchState;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The watch after a chain succeeded (runbooks 000 and 004: "monitor for 30 minutes"): every host's
 * health URL checked every {@code everySeconds} on durable timers, so a worker restart loses
 * nothing; {@code failures} consecutive failed rounds end it FAILED with the evidence. Each check
 * is a short activity on the control worker; the timeline shows one "watch" step, the state every
 * count.
 */
public final class ServiceWatch {
  public enum Outcome {
    PASSED,
    FAILED,
    ABORTED
  }

  private final HealthActivities health =
      Workflow.newActivityStub(
          HealthActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.CONTROL)
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
              .setSummary("watch: health check")
              .build());

  private final HostSteps hosts;
  private final HealthPolicy expectation;
  private final OperatorActions actions;
  private WatchState state;

  public ServiceWatch(HostSteps hosts, HealthPolicy expectation, OperatorActions actions) {
    this.hosts = hosts;
    this.expectation = expectation;
    this.actions = actions;
  }

  /** The watch so far, or null before it started. */
  public WatchState state() {
    return state;
  }

  public Outcome run(WatchPolicy policy) {
    long start = Workflow.currentTimeMillis();
    long end = start + Duration.ofMinutes(policy.minutes()).toMillis();
    state = new WatchState(start, end, 0, 0, 0, List.of());
    Duration every = Duration.ofSeconds(policy.everySeconds());
    while (true) {
      if (Workflow.await(every, actions::abortRequested)) {
        return Outcome.ABORTED;
      }
      round();
      if (state.consecutiveFailures() >= policy.failures()) {
        return Outcome.FAILED;
      }
      if (Workflow.currentTimeMillis() >= end) {
        return Outcome.PASSED;
      }
    }
  }

  /** One check of every host; the round fails when any host does. */
  private void round() {
    List<HealthProbe> failed = new ArrayList<>();
    for (Target host : hosts.all()) {
      HealthProbe probe = probe(host);
      if (!probe.healthy()) {
        failed.add(probe);
      }
    }
    List<HealthProbe> evidence = new ArrayList<>(state.evidence());
    evidence.addAll(failed);
    while (evidence.size() > WatchState.EVIDENCE_KEPT) {
      evidence.remove(0);
    }
    state =
        new WatchState(
            state.startedAt(),
            state.endsAt(),
            state.checks() + 1,
            state.failures() + (failed.isEmpty() ? 0 : 1),
            failed.isEmpty() ? 0 : state.consecutiveFailures() + 1,
            List.copyOf(evidence));
  }

  private HealthProbe probe(Target host) {
    try {
      return health.probe(host, expectation.expectStatus());
    } catch (TemporalFailure e) {
      if (StepJournal.isCanceled(e)) {
        throw e;
      }
      String why = "no check: " + StepJournal.describe(e);
      return new HealthProbe(host.host(), Workflow.currentTimeMillis(), 0, why, false);
    }
  }

  /** The evidence in one line, for the incident and the outcome. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (HealthProbe p : state.evidence()) {
      parts.add(p.describe() + " at " + java.time.Instant.ofEpochMilli(p.at()));
    }
    return state.checks()
        + " checks, "
        + state.failures()
        + " failed"
        + (parts.isEmpty() ? "" : "; latest failures: " + String.join("; ", parts));
  }
}
