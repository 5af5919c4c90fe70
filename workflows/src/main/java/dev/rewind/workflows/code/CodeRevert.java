package dev.rewind.workflows.code;

import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.PlannedStep;
import dev.rewind.workflows.code.CodeRevertPlan.Mode;
import dev.rewind.workflows.core.Chain;
import dev.rewind.workflows.core.HostRollout;
import dev.rewind.workflows.core.HostSteps;
import dev.rewind.workflows.core.Steps;
import dev.rewind.workflows.core.Strategy;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Saga;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code code-revert} (runbook 001 option 1, runbook 000 step 5), on every host of the service:
 * record HEAD → revert every commit after the known-good one, or check it out → reinstall. On its
 * own (the chain does not stop the application) each host is then restarted and verified before the
 * next, canary first as the catalog's rollout says; in a chain that stopped the application, the
 * chain starts it once afterwards. Before a host's checkout changes, its compensation is
 * registered: HEAD back as recorded (and a restart, when this strategy restarted it).
 */
public final class CodeRevert implements Strategy {
  private final Chain chain;
  private final CodeRevertPlan plan;

  public CodeRevert(Chain chain, CodeRevertPlan plan) {
    this.chain = chain;
    this.plan = plan;
  }

  @Override
  public void change(Saga saga) {
    HostSteps hosts = chain.hosts();
    if (chain.applicationStopped()) {
      hosts.all().forEach(host -> revert(host, saga, false));
      return;
    }
    new HostRollout(chain.plan().topology().rollout(), chain.journal())
        .across(hosts.all(), host -> revert(host, saga, true));
  }

  private void revert(Target host, Saga saga, boolean restart) {
    HostSteps hosts = chain.hosts();
    GitHead before = git("record HEAD", "checkout", Steps.SHORT, g -> g.recordHead(host), host);
    chain
        .journal()
        .note(
            "snapshot",
            host.host(),
            "HEAD "
                + before.sha()
                + (before.branch() == null ? " (detached)" : " on " + before.branch()));
    saga.addCompensation(
        () -> {
          git(
              "compensate: reset to recorded HEAD",
              "checkout @ " + before.shortSha(),
              Steps.UNDO,
              g -> g.restoreHead(host, before),
              host);
          if (restart) {
            hosts.command("compensate: stop service", host, HostCommand.STOP, Steps.UNDO);
            hosts.command("compensate: start service", host, HostCommand.START, Steps.UNDO);
          }
        });
    String good = plan.gitSha();
    if (plan.mode() == Mode.CHECKOUT) {
      git(
          "checkout known-good",
          "checkout @ " + good,
          Steps.STEP,
          g -> g.checkout(host, good, before),
          host);
    } else {
      git(
          "revert commits",
          good + ".." + before.shortSha(),
          Steps.STEP,
          g -> g.revertAfter(host, good, before),
          host);
    }
    hosts.command(host, HostCommand.REINSTALL, Steps.STEP);
    if (restart) {
      hosts.command(host, HostCommand.STOP, Steps.STEP);
      hosts.command(host, HostCommand.START, Steps.STEP);
      hosts.verifyHealth(host);
    }
  }

  private <T> T git(
      String name,
      String object,
      ActivityOptions options,
      Function<GitActivities, T> call,
      Target on) {
    return chain.steps().run(name, object, GitActivities.class, on, options, call);
  }

  @Override
  public List<PlannedStep> outline() {
    List<PlannedStep> steps = new ArrayList<>();
    boolean restart = !chain.applicationStopped();
    for (HostRef host : chain.plan().topology().hosts()) {
      String h = host.name();
      steps.add(new PlannedStep("record HEAD", "checkout", h, null));
      String undo = "reset to recorded HEAD" + (restart ? ", stop and start service" : "");
      steps.add(
          plan.mode() == Mode.CHECKOUT
              ? new PlannedStep("checkout known-good", plan.gitSha(), h, undo)
              : new PlannedStep("revert commits", plan.gitSha() + "..HEAD", h, undo));
      steps.add(new PlannedStep("reinstall", "catalog command", h, null));
      if (restart) {
        steps.add(new PlannedStep("stop service", "catalog command", h, null));
        steps.add(new PlannedStep("start service", "catalog command", h, null));
        steps.add(new PlannedStep("verify health", "health URL", h, null));
      }
    }
    return steps;
  }
}
