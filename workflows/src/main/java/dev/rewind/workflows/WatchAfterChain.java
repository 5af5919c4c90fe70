package dev.rewind.workflows;

import dev.rewind.workflows.core.Escalation;
import dev.rewind.workflows.core.OperatorActions.Decision;
import dev.rewind.workflows.core.ServiceWatch;
import dev.rewind.workflows.core.ServiceWatch.Outcome;

/**
 * What follows a chain that succeeded: without a watch the rollback ends SUCCEEDED; with one it is
 * WATCHING until the watch passes (SUCCEEDED), fails (ESCALATED with the evidence: {@code resolve}
 * ends it SUCCEEDED with the operator's note, {@code retry} watches again, {@code abort} ends it
 * ABORTED) or is aborted. Nothing is undone after a finished chain: the registry already records
 * the version rolled back to.
 */
final class WatchAfterChain {
  private final RollbackWorkflowImpl rollback;
  private final Escalation escalation;

  WatchAfterChain(RollbackWorkflowImpl rollback, Escalation escalation) {
    this.rollback = rollback;
    this.escalation = escalation;
  }

  RollbackState run() {
    RollbackPlan plan = rollback.plan();
    String done = "rolled back to " + plan.versions().to();
    if (!plan.watch().enabled()) {
      return rollback.finish(RollbackStatus.SUCCEEDED, done);
    }
    ServiceWatch watch =
        new ServiceWatch(rollback.hosts(), plan.topology().health(), rollback.actions());
    rollback.watching(watch);
    String kept = "; the finished chain was not undone";
    while (true) {
      rollback.setStatus(RollbackStatus.WATCHING);
      Outcome outcome =
          rollback
              .journal()
              .run(
                  "watch",
                  plan.watch().minutes() + " min, every " + plan.watch().everySeconds() + " s",
                  () -> watch.run(plan.watch()));
      String evidence = watch.describe();
      switch (outcome) {
        case PASSED:
          return rollback.finish(RollbackStatus.SUCCEEDED, done + "; watch passed: " + evidence);
        case ABORTED:
          return rollback.finish(RollbackStatus.ABORTED, aborted() + " during the watch" + kept);
        case FAILED:
          break;
      }
      rollback.failed("watch failed: " + evidence);
      rollback.notices().watchAlert(evidence);
      rollback.setStatus(RollbackStatus.ESCALATED);
      Decision decision =
          escalation.await("WATCH FAILED after rollback: " + plan.summary(), evidence);
      if (decision == Decision.RESOLVE) {
        return rollback.finish(RollbackStatus.SUCCEEDED, rollback.actions().outcome());
      }
      if (decision == Decision.ABORT) {
        return rollback.finish(RollbackStatus.ABORTED, aborted() + kept);
      }
    }
  }

  private String aborted() {
    String why = rollback.actions().outcome();
    return why == null ? "aborted" : why;
  }
}
