package dev.rewind.workflows;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import java.util.Map;

/**
 * One strategy of a rollback's chain, with its own fields only: names and values the api validated,
 * never a command, an address or a secret (workers resolve those from their own catalog). Kept in
 * workflow history as {@code {"strategy": "<id>", ...}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "strategy")
@JsonTypeIdResolver(StrategyPlanTypes.class)
public interface StrategyPlan {
  StrategyId id();

  /** What this strategy does, for the timeline and the summary ("backup-restore of /b/x.dump"). */
  String describe();

  /**
   * The values this strategy gives the catalog's command placeholders ({@code gitSha}, {@code
   * targetMigration}); the worker validates each again before it fills one in.
   */
  default Map<String, String> commandValues() {
    return Map.of();
  }
}
