package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.SafeValues;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import dev.rewind.workflows.config.ConfigRestorePlan;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code config-restore}: the catalog's configuration files go back to the backup set {@code
 * <config.backupDir>/<set>/}, the request's {@code configBackup} or else the target version's set.
 * The set's name is a single path segment (a version's shape: no '/', no leading '.' or '-'); the
 * workers confine it under the backup directory again. The catalog decides reload or restart.
 */
@Component
class ConfigRestorePlanner implements StrategyPlanner {

  @Override
  public StrategyId id() {
    return StrategyId.CONFIG_RESTORE;
  }

  @Override
  public Set<String> fields() {
    return Set.of("configBackup");
  }

  @Override
  public void checkCatalog(ServiceEnvironment env, CatalogProblems problems) {
    ServiceEnvironment.ConfigFiles config = env.config();
    if (config == null) {
      problems.lacks(id(), "a config section");
      return;
    }
    ServiceEnvironment.Code code = env.code();
    if (config.restart() && (code == null || code.stop() == null || code.start() == null)) {
      problems.lacks(id(), "code.stop and code.start (config.restart: true stops and starts it)");
    }
    if (!config.restart() && config.reload() == null) {
      problems.lacks(id(), "config.reload, or config.restart: true");
    }
  }

  @Override
  public StrategyPlan plan(Planning planning, List<FieldProblem> problems) {
    String requested = planning.request().configBackup();
    String set = requested != null ? requested : planning.versions().to();
    if (!SafeValues.isVersion(set)) {
      problems.add(
          new FieldProblem(
              "configBackup",
              "the target version \""
                  + set
                  + "\" is no backup set name: "
                  + SafeValues.VERSION_MESSAGE));
      return null;
    }
    return new ConfigRestorePlan(set, planning.env().config().restart());
  }
}
