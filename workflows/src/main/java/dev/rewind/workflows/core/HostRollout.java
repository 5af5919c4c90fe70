package dev.rewind.workflows.core;

import dev.rewind.workflows.Topology.RolloutPolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowSemaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one host's share of a strategy on every host of the service, as the catalog's rollout says:
 * with {@code canaryFirst} the first host alone, to the end of its verification, before any other
 * is touched; then the rest in parallel, at most {@code maxParallel} at a time. Once a host fails
 * no further host is started; those already running finish (their compensations are registered),
 * and the first failure is rethrown.
 */
public final class HostRollout {
  private final RolloutPolicy policy;
  private final StepJournal journal;

  public HostRollout(RolloutPolicy policy, StepJournal journal) {
    this.policy = policy == null ? RolloutPolicy.ONE_AT_A_TIME : policy;
    this.journal = journal;
  }

  public void across(List<Target> hosts, Consumer<Target> share) {
    List<Target> rest = hosts;
    if (policy.canaryFirst() && hosts.size() > 1) {
      Target canary = hosts.get(0);
      journal.note(
          "canary",
          canary.host(),
          "goes first and is verified before the other " + (hosts.size() - 1) + " host(s)");
      share.accept(canary); // a failure here leaves every other host untouched
      rest = hosts.subList(1, hosts.size());
    }
    WorkflowSemaphore slots = Workflow.newWorkflowSemaphore(Math.max(1, policy.maxParallel()));
    boolean[] failed = {false};
    List<Promise<Void>> running = new ArrayList<>();
    for (Target host : rest) {
      running.add(
          Async.procedure(
              () -> {
                slots.acquire();
                try {
                  if (failed[0]) {
                    journal.note("skip host", host.host(), "not touched: another host failed");
                    return;
                  }
                  share.accept(host);
                } catch (RuntimeException e) {
                  failed[0] = true;
                  throw e;
                } finally {
                  slots.release();
                }
              }));
    }
    RuntimeException first = null;
    for (Promise<Void> host : running) {
      try {
        host.get();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
