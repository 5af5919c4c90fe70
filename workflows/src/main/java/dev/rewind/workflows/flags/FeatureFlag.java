package dev.rewind.workflows.flags;

import dev.rewind.workflows.PlannedStep;
import dev.rewind.workflows.core.Chain;
import dev.rewind.workflows.core.Steps;
import dev.rewind.workflows.core.Strategy;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Saga;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code feature-flag}: read the flags' current values (the snapshot) → set the requested values →
 * read them back and verify. The compensation, registered before the write, writes the snapshot's
 * values back and verifies them. Flags are not host-bound: the control worker reaches the provider
 * its catalog names for the service.
 */
public final class FeatureFlag implements Strategy {
  private static final String CONTROL = "control";

  private final Chain chain;
  private final FeatureFlagPlan plan;
  private final Target on;

  public FeatureFlag(Chain chain, FeatureFlagPlan plan) {
    this.chain = chain;
    this.plan = plan;
    this.on = Target.of(chain.plan(), chain.plan().topology().hosts().get(0));
  }

  @Override
  public void change(Saga saga) {
    List<String> names = new ArrayList<>(plan.flags().keySet());
    Map<String, FlagValue> before =
        flags("read flags", String.join(", ", names), f -> f.readFlags(on, names));
    chain.journal().note("snapshot", CONTROL, "flags " + FeatureFlagPlan.show(before));
    if (before.equals(plan.flags())) {
      chain.journal().note("already set", CONTROL, "flags " + FeatureFlagPlan.show(before));
    } else {
      saga.addCompensation(
          () -> {
            run(
                "compensate: restore flags",
                FeatureFlagPlan.show(before),
                Steps.UNDO,
                f -> f.writeFlags(on, before));
            run(
                "compensate: verify flags",
                FeatureFlagPlan.show(before),
                Steps.UNDO,
                f -> f.verifyFlags(on, before));
          });
      run(
          "set flags",
          FeatureFlagPlan.show(plan.flags()),
          Steps.SHORT,
          f -> f.writeFlags(on, plan.flags()));
    }
    run(
        "verify flags",
        FeatureFlagPlan.show(plan.flags()),
        Steps.SHORT,
        f -> f.verifyFlags(on, plan.flags()));
  }

  private <T> T flags(String name, String object, Function<FlagActivities, T> call) {
    return flags(name, object, Steps.SHORT, call);
  }

  private <T> T flags(
      String name, String object, ActivityOptions options, Function<FlagActivities, T> call) {
    return chain.steps().onControl(name, object, FlagActivities.class, on, options, call);
  }

  private void run(
      String name, String object, ActivityOptions options, Functions.Proc1<FlagActivities> call) {
    flags(
        name,
        object,
        options,
        f -> {
          call.apply(f);
          return null;
        });
  }

  @Override
  public List<PlannedStep> outline() {
    String flags = FeatureFlagPlan.show(plan.flags());
    String names = String.join(", ", plan.flags().keySet());
    return List.of(
        new PlannedStep("read flags", names, CONTROL, null),
        new PlannedStep("set flags", flags, CONTROL, "restore flags"),
        new PlannedStep("verify flags", flags, CONTROL, null));
  }
}
