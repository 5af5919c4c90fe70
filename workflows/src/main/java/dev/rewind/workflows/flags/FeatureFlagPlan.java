package dev.rewind.workflows.flags;

import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code feature-flag}: the service's flags, read from and written to the provider the worker's
 * catalog names, get {@code flags}' values. Names and values only, validated by the api and again
 * by the worker; ordered by name so a plan reads the same every time.
 */
public record FeatureFlagPlan(Map<String, FlagValue> flags) implements StrategyPlan {

  @Override
  public StrategyId id() {
    return StrategyId.FEATURE_FLAG;
  }

  @Override
  public String describe() {
    return "feature-flag " + FeatureFlagPlan.show(flags);
  }

  /** {@code new-checkout=false, theme="classic"}. */
  public static String show(Map<String, FlagValue> values) {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
