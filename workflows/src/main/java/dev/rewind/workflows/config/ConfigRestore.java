package dev.rewind.workflows.config;

import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.PlannedStep;
import dev.rewind.workflows.core.Chain;
import dev.rewind.workflows.core.HostRollout;
import dev.rewind.workflows.core.HostSteps;
import dev.rewind.workflows.core.Steps;
import dev.rewind.workflows.core.Strategy;
import dev.rewind.workflows.core.Target;
import io.temporal.workflow.Saga;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code config-restore} (runbook 000 step 1 option 2, runbooks 003 §4 and 004 option 3), on every
 * host of the service: check the backup set (before anything changes) → copy the current files
 * aside on the host → write the set's files atomically → validate → reload, or stop and start the
 * service with {@code restart} → verify health. The compensation, registered before the first file
 * is written, puts the copies back, validates and reloads (or restarts): a set the validator
 * refuses ({@link ConfigFailures#INVALID_CONFIG}) never stays on the host.
 */
public final class ConfigRestore implements Strategy {
  private final Chain chain;
  private final ConfigRestorePlan plan;

  public ConfigRestore(Chain chain, ConfigRestorePlan plan) {
    this.chain = chain;
    this.plan = plan;
  }

  @Override
  public void check() {
    String set = plan.backupSet();
    chain
        .hosts()
        .all()
        .forEach(host -> config("check backup set", set, host, c -> c.checkSet(host, set)));
  }

  @Override
  public void change(Saga saga) {
    if (chain.applicationStopped()) {
      chain.hosts().all().forEach(host -> restore(host, saga, false));
      return;
    }
    new HostRollout(chain.plan().topology().rollout(), chain.journal())
        .across(chain.hosts().all(), host -> restore(host, saga, true));
  }

  private void restore(Target host, Saga saga, boolean verify) {
    String set = plan.backupSet();
    ConfigSnapshot before =
        config(
            "snapshot config files",
            "current files",
            host,
            c -> c.snapshotFiles(host, chain.rollbackId()));
    saga.addCompensation(
        () -> {
          config(
              "compensate: put config files back",
              "snapshot " + before.id(),
              host,
              Steps.UNDO,
              c -> c.restoreSnapshot(host, before));
          config(
              "compensate: validate config",
              "restored files",
              host,
              Steps.UNDO,
              c -> c.validate(host));
          apply(host, "compensate: ", Steps.UNDO);
        });
    config("write config files", "set " + set, host, c -> c.writeSet(host, set, before));
    config("validate config", "set " + set, host, c -> c.validate(host));
    apply(host, "", Steps.STEP);
    if (verify) {
      chain.hosts().verifyHealth(host);
    }
  }

  /** The files take effect: reloaded, or the service stopped and started. */
  private void apply(Target host, String prefix, io.temporal.activity.ActivityOptions options) {
    HostSteps hosts = chain.hosts();
    if (!plan.restart()) {
      config(prefix + "reload", "config", host, options, c -> c.reload(host));
    } else if (!chain.applicationStopped()) {
      hosts.command(prefix + HostCommand.STOP.step(), host, HostCommand.STOP, options);
      hosts.command(prefix + HostCommand.START.step(), host, HostCommand.START, options);
    }
  }

  private <T> T config(String name, String object, Target on, Function<ConfigActivities, T> call) {
    return config(name, object, on, Steps.STEP, call);
  }

  private <T> T config(
      String name,
      String object,
      Target on,
      io.temporal.activity.ActivityOptions options,
      Function<ConfigActivities, T> call) {
    return chain.steps().run(name, object, ConfigActivities.class, on, options, call);
  }

  @Override
  public List<PlannedStep> outlineChecks() {
    return chain.plan().topology().hosts().stream()
        .map(h -> new PlannedStep("check backup set", plan.backupSet(), h.name(), null))
        .toList();
  }

  @Override
  public List<PlannedStep> outline() {
    List<PlannedStep> steps = new ArrayList<>();
    String undo = "put files back, validate, " + (plan.restart() ? "restart" : "reload");
    for (HostRef host : chain.plan().topology().hosts()) {
      String h = host.name();
      steps.add(new PlannedStep("snapshot config files", "current files", h, null));
      steps.add(new PlannedStep("write config files", "set " + plan.backupSet(), h, undo));
      steps.add(new PlannedStep("validate config", "catalog command", h, null));
      if (!plan.restart()) {
        steps.add(new PlannedStep("reload", "catalog command", h, null));
      } else if (!chain.applicationStopped()) {
        steps.add(new PlannedStep("stop service", "catalog command", h, null));
        steps.add(new PlannedStep("start service", "catalog command", h, null));
      }
      if (!chain.applicationStopped()) {
        steps.add(new PlannedStep("verify health", "health URL", h, null));
      }
    }
    return steps;
  }
}
