package dev.rewind.workflows.legacy;

import dev.rewind.workflows.code.GitHead;
import io.temporal.workflow.Saga;
import java.util.List;

/**
 * {@code code-revert} (runbook 001 option 1, runbook 000 step 5), on every host of the service:
 * record HEAD → (maintenance on) → revert every commit after the known-good one, or check it out →
 * reinstall → stop → start → (maintenance off) → verify health. Before the first change to a host,
 * its compensation is registered: put HEAD back as recorded and restart.
 */
final class CodeRevert implements Strategy {
  private final RollbackPlan plan;
  private final CodeTarget code;
  private final String good;
  private final boolean checkout;
  private final StepJournal journal;
  private final HostSteps steps;

  CodeRevert(RollbackPlan plan, StepJournal journal) {
    this.plan = plan;
    this.code = plan.code();
    this.good = plan.gitSha() != null ? plan.gitSha() : plan.toVersion();
    this.checkout = CodeRevertMode.CHECKOUT.equals(plan.mode());
    this.journal = journal;
    this.steps = new HostSteps(journal, plan.health());
  }

  @Override
  public void runAttempt(Saga saga) {
    List<HostTarget> hosts = plan.hosts();
    new HostRollout(plan.rollout(), journal).across(hosts, host -> revertOn(host, saga));
  }

  /**
   * The code half of a {@code migration-rollback}: on every host, record HEAD, revert (or check
   * out) and reinstall, without touching services or maintenance, which the caller owns. Each
   * host's compensation puts HEAD back as recorded.
   */
  void revertWithoutRestart(Saga saga) {
    for (HostTarget host : plan.hosts()) {
      String dir = host.fill(code.gitDir());
      GitHead before = recordHead(host, dir);
      saga.addCompensation(() -> resetHead(host, before));
      changeCode(host, dir, before);
      steps.command("reinstall", host, code.reinstall(), dir, HostSteps.STEP);
    }
  }

  private void revertOn(HostTarget host, Saga saga) {
    String dir = host.fill(code.gitDir());
    GitHead before = recordHead(host, dir);

    MaintenanceMode maintenance = plan.maintenance();
    if (maintenance != null) {
      saga.addCompensation(() -> steps.maintenanceOff(host, maintenance, HostSteps.UNDO));
      steps.maintenanceOn(host, maintenance);
    }
    saga.addCompensation(() -> undo(host, before));
    changeCode(host, dir, before);
    steps.command("reinstall", host, code.reinstall(), dir, HostSteps.STEP);
    steps.stopService(host, code, HostSteps.STEP);
    steps.startService(host, code, HostSteps.STEP);
    if (maintenance != null) {
      steps.maintenanceOff(host, maintenance, HostSteps.STEP);
    }
    steps.verifyHealth(host);
  }

  private GitHead recordHead(HostTarget host, String dir) {
    GitHead before =
        journal.run(
            "record HEAD",
            host.name() + ": " + dir,
            () -> steps.git(host, HostSteps.STEP, "record HEAD of " + dir).recordHead(host, dir));
    journal.note("snapshot", host.name() + ": " + dir, describe(before));
    return before;
  }

  private void changeCode(HostTarget host, String dir, GitHead before) {
    if (checkout) {
      journal.run(
          "checkout known-good",
          host.name() + ": " + dir + " @ " + good,
          () ->
              steps
                  .git(host, HostSteps.STEP, "checkout " + good)
                  .checkout(host, dir, good, before));
    } else {
      journal.run(
          "revert commits",
          host.name() + ": " + dir + " " + good + "..HEAD",
          () ->
              steps
                  .git(host, HostSteps.STEP, "git revert " + good + ".." + before.shortSha())
                  .revertAfter(host, dir, good, before));
    }
  }

  /** Compensation of one host: HEAD back where it was recorded, then a restart on that code. */
  private void undo(HostTarget host, GitHead before) {
    resetHead(host, before);
    String dir = before.gitDir();
    steps.command("compensate: stop service", host, code.stop(), dir, HostSteps.UNDO);
    steps.command("compensate: start service", host, code.start(), dir, HostSteps.UNDO);
  }

  private void resetHead(HostTarget host, GitHead before) {
    journal.run(
        "compensate: reset to recorded HEAD",
        host.name() + ": " + before.gitDir() + " @ " + before.shortSha(),
        () ->
            steps
                .git(host, HostSteps.UNDO, "reset " + before.gitDir() + " to " + before.shortSha())
                .restoreHead(host, before));
  }

  private static String describe(GitHead head) {
    return "HEAD " + head.sha() + (head.branch() == null ? " (detached)" : " on " + head.branch());
  }
}
