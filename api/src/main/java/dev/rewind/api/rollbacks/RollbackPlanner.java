package dev.rewind.api.rollbacks;

import dev.rewind.api.catalog.Catalog;
import dev.rewind.api.catalog.CatalogService;
import dev.rewind.api.catalog.HttpSections;
import dev.rewind.api.catalog.ServiceEnvironment;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.workflows.ContainerTarget;
import dev.rewind.workflows.HealthCheck;
import dev.rewind.workflows.RollbackPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Resolves a rollback request against the catalog into the {@link RollbackPlan} the workflow runs.
 * Everything the steps need comes from the catalog; the request only chooses what and to which
 * version, so a caller cannot point Rewind at a container or URL the operators did not declare.
 */
@Component
public class RollbackPlanner {
  static final String CONTAINER_REVERT = "container-revert";
  static final int RENOTIFY_MINUTES = 15;
  private static final Set<String> LATER_STRATEGIES =
      Set.of("migration-rollback", "backup-restore", "config-restore", "feature-flag");

  private final Catalog catalog;
  private final CodeRevertPlanner codeRevert;

  public RollbackPlanner(Catalog catalog) {
    this.catalog = catalog;
    this.codeRevert = new CodeRevertPlanner(catalog);
  }

  /**
   * @throws InvalidRequestException naming every field that does not fit the catalog
   */
  public RollbackPlan plan(RollbackRequest request, String requestedBy) {
    List<FieldProblem> problems = new ArrayList<>();
    ServiceEnvironment env = environment(request, problems);
    checkStrategy(request.strategy(), problems);
    if (request.monitorMinutes() != null && request.monitorMinutes() > 0) {
      problems.add(new FieldProblem("monitorMinutes", "is not available yet: omit it or send 0"));
    }
    if (CodeRevertPlanner.CODE_REVERT.equals(request.strategy())) {
      return codeRevert.plan(request, requestedBy, env, problems);
    }
    CodeRevertPlanner.refuseCodeFields(request, problems);
    if (env != null && problems.isEmpty() && env.container() == null) {
      problems.add(
          new FieldProblem(
              "strategy",
              CONTAINER_REVERT
                  + " needs a container section in services."
                  + request.service()
                  + "."
                  + request.environment()
                  + " of the catalog"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return new RollbackPlan(
        request.service(),
        request.environment(),
        request.strategy(),
        request.currentVersion(),
        request.targetVersion(),
        request.reason().strip(),
        requestedBy,
        container(env),
        health(env.health()),
        env.escalation().contacts(),
        RENOTIFY_MINUTES);
  }

  private ServiceEnvironment environment(RollbackRequest request, List<FieldProblem> problems) {
    CatalogService service = catalog.service(request.service()).orElse(null);
    if (service == null) {
      problems.add(
          new FieldProblem(
              "service",
              "unknown service \""
                  + request.service()
                  + "\" (the catalog has: "
                  + String.join(", ", catalog.services().keySet())
                  + ")"));
      return null;
    }
    ServiceEnvironment env = service.environment(request.environment()).orElse(null);
    if (env == null) {
      problems.add(
          new FieldProblem(
              "environment",
              "service "
                  + service.name()
                  + " has no environment \""
                  + request.environment()
                  + "\" (it has: "
                  + String.join(", ", service.environments().keySet())
                  + ")"));
    }
    return env;
  }

  private static void checkStrategy(String strategy, List<FieldProblem> problems) {
    if (LATER_STRATEGIES.contains(strategy)) {
      problems.add(new FieldProblem("strategy", "strategy " + strategy + " is not available yet"));
    } else if (!CONTAINER_REVERT.equals(strategy)
        && !CodeRevertPlanner.CODE_REVERT.equals(strategy)) {
      problems.add(
          new FieldProblem(
              "strategy",
              "unknown strategy \"" + strategy + "\" (available: container-revert, code-revert)"));
    }
  }

  // Container steps run against the environment's first host, which the agent worker serves.
  private static ContainerTarget container(ServiceEnvironment env) {
    ServiceEnvironment.Container c = env.container();
    return new ContainerTarget(env.hosts().get(0), c.dockerHost(), c.name(), c.image(), c.pull());
  }

  static HealthCheck health(ServiceEnvironment.Health health) {
    if (health == null) {
      return null;
    }
    long seconds = Math.max(1, (health.timeout().toMillis() + 999) / 1000);
    String url = health.url().toString().replace(HttpSections.HOST_PLACEHOLDER, "{host}");
    return new HealthCheck(url, health.expectStatus(), seconds);
  }
}
