package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.web.FieldProblem;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import dev.rewind.workflows.container.ContainerRevertPlan;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code container-revert}: the catalog's container runs {@code <catalog image>:<target version>}
 * afterwards. The tag is the target version, already checked against {@code SafeValues.VERSION}.
 */
@Component
class ContainerRevertPlanner implements StrategyPlanner {

  @Override
  public StrategyId id() {
    return StrategyId.CONTAINER_REVERT;
  }

  @Override
  public Set<String> fields() {
    return Set.of();
  }

  @Override
  public void checkCatalog(ServiceEnvironment env, CatalogProblems problems) {
    if (env.container() == null) {
      problems.lacks(id(), "a container section");
    }
  }

  @Override
  public StrategyPlan plan(Planning planning, List<FieldProblem> problems) {
    return new ContainerRevertPlan(planning.versions().to());
  }
}
