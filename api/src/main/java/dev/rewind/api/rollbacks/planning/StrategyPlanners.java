package dev.rewind.api.rollbacks.planning;

import dev.rewind.workflows.StrategyId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The one place that maps a strategy id to its planner. Every {@link StrategyId} must have exactly
 * one, checked when the api starts.
 */
@Component
public class StrategyPlanners {
  private final Map<StrategyId, StrategyPlanner> byId = new EnumMap<>(StrategyId.class);

  public StrategyPlanners(List<StrategyPlanner> planners) {
    for (StrategyPlanner planner : planners) {
      if (byId.put(planner.id(), planner) != null) {
        throw new IllegalStateException("two planners for strategy " + planner.id());
      }
    }
    List<StrategyId> missing =
        Arrays.stream(StrategyId.values()).filter(id -> !byId.containsKey(id)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("no planner for strategies " + missing);
    }
  }

  public StrategyPlanner get(StrategyId id) {
    return byId.get(id);
  }

  /** The strategy that reads {@code field}, if one does. */
  Optional<StrategyId> owner(String field) {
    return byId.values().stream()
        .filter(p -> p.fields().contains(field))
        .map(StrategyPlanner::id)
        .findFirst();
  }
}
