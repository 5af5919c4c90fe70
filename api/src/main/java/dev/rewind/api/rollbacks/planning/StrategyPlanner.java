package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.web.FieldProblem;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import java.util.List;
import java.util.Set;

/**
 * Plans one strategy of a chain: what it needs from the catalog, which request fields are its own,
 * and its {@link StrategyPlan} with every default decided here, in the api, and visible in the
 * plan. One implementation per {@link StrategyId}, found through {@link StrategyPlanners}.
 */
public interface StrategyPlanner {

  StrategyId id();

  /** The request fields only this strategy reads; sent for a chain without it, they are refused. */
  Set<String> fields();

  /** Adds a problem for each catalog section this strategy needs and {@code env} lacks. */
  void checkCatalog(ServiceEnvironment env, CatalogProblems problems);

  /**
   * This strategy's plan from the request, the registry and the catalog (already checked), or null
   * after adding to {@code problems} why it cannot be planned.
   */
  StrategyPlan plan(Planning planning, List<FieldProblem> problems);
}
