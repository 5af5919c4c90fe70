package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.FlagValues;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import dev.rewind.workflows.flags.FeatureFlagPlan;
import dev.rewind.workflows.flags.FlagValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code feature-flag}: the request's {@code flags}, or else the values the registry recorded with
 * the target version's deployment, set at the catalog's flag provider. Each name and value is
 * checked against the catalog's {@code flags} section.
 */
@Component
class FeatureFlagPlanner implements StrategyPlanner {

  @Override
  public StrategyId id() {
    return StrategyId.FEATURE_FLAG;
  }

  @Override
  public Set<String> fields() {
    return Set.of("flags");
  }

  @Override
  public void checkCatalog(ServiceEnvironment env, CatalogProblems problems) {
    if (env.flags() == null) {
      problems.lacks(id(), "a flags section");
    }
  }

  @Override
  public StrategyPlan plan(Planning planning, List<FieldProblem> problems) {
    Map<String, ?> requested = planning.request().flags();
    if (requested != null) {
      return plan(FlagValues.read("flags", requested, planning.env().flags(), "", problems));
    }
    Map<String, Object> recorded = planning.target() == null ? null : planning.target().flags();
    if (recorded == null) {
      problems.add(
          new FieldProblem(
              "flags",
              "is required: neither the request nor "
                  + planning.targetEntry()
                  + " records flag values"));
      return null;
    }
    String source = " (the flags recorded with " + planning.targetEntry() + ")";
    return plan(FlagValues.read("flags", recorded, planning.env().flags(), source, problems));
  }

  private static StrategyPlan plan(Map<String, FlagValue> flags) {
    return flags == null ? null : new FeatureFlagPlan(flags);
  }
}
