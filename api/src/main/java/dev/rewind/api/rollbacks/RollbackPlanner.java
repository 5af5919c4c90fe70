package dev.rewind.api.rollbacks;

import dev.rewind.api.catalog.CatalogLookup;
import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.HttpSections;
import dev.rewind.catalog.ServiceEnvironment;
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
  private static final Set<String> LATER_STRATEGIES = Set.of("config-restore", "feature-flag");

  private final CatalogLookup catalog;
  private final DeploymentRegistry registry;
  private final CodeRevertPlanner codeRevert;
  private final DatabasePlanner database;

  public RollbackPlanner(CatalogLookup catalog, Catalog hosts, DeploymentRegistry registry) {
    this.catalog = catalog;
    this.registry = registry;
    this.codeRevert = new CodeRevertPlanner(hosts);
    this.database = new DatabasePlanner(hosts);
  }

  /**
   * @throws InvalidRequestException naming every field that does not fit the catalog or registry
   */
  public RollbackPlan plan(RollbackRequest request, String requestedBy) {
    List<FieldProblem> problems = new ArrayList<>();
    ServiceEnvironment env = catalog.find(request.service(), request.environment(), problems);
    checkStrategy(request.strategy(), problems);
    if (request.monitorMinutes() != null && request.monitorMinutes() > 0) {
      problems.add(new FieldProblem("monitorMinutes", "is not available yet: omit it or send 0"));
    }
    if (DatabasePlanner.STRATEGIES.contains(request.strategy())) {
      return database.plan(request, requestedBy, env, problems, databaseTarget(request, problems));
    }
    DatabasePlanner.refuseDatabaseFields(request, problems);
    if (CodeRevertPlanner.CODE_REVERT.equals(request.strategy())) {
      return codeRevert.plan(request, requestedBy, env, problems, codeTarget(request, problems));
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
    Versions versions = versions(request);
    return new RollbackPlan(
        request.service(),
        request.environment(),
        request.strategy(),
        versions.from(),
        versions.to(),
        request.reason().strip(),
        requestedBy,
        container(env),
        health(env.health()),
        env.escalation().contacts(),
        RENOTIFY_MINUTES);
  }

  private record Versions(String from, String to) {}

  /**
   * The versions, and the known-good commit: the request's, else the registry's for that version.
   */
  private CodeRevertPlanner.Target codeTarget(
      RollbackRequest request, List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      return new CodeRevertPlanner.Target(
          request.currentVersion(), request.targetVersion(), request.gitSha());
    }
    Versions versions = versions(request);
    String sha =
        request.gitSha() != null
            ? request.gitSha()
            : registry
                .newestOf(request.service(), request.environment(), versions.to())
                .map(Deployment::gitSha)
                .orElse(null);
    return new CodeRevertPlanner.Target(versions.from(), versions.to(), sha);
  }

  /** As {@link #codeTarget}, and the backup the registry recorded with the current deployment. */
  private DatabasePlanner.Target databaseTarget(
      RollbackRequest request, List<FieldProblem> problems) {
    CodeRevertPlanner.Target code = codeTarget(request, problems);
    String backup =
        problems.isEmpty()
            ? registry
                .current(request.service(), request.environment())
                .map(Deployment::backup)
                .orElse(null)
            : null;
    return new DatabasePlanner.Target(code.from(), code.to(), code.gitSha(), backup);
  }

  /** The request's versions, completed from the registry: current → from, known-good → to. */
  private Versions versions(RollbackRequest request) {
    String service = request.service();
    String environment = request.environment();
    String from =
        request.currentVersion() != null
            ? request.currentVersion()
            : registry.current(service, environment).map(Deployment::version).orElse(null);
    String to = request.targetVersion();
    if (to == null) {
      to =
          registry
              .knownGood(service, environment)
              .map(Deployment::version)
              .orElseThrow(
                  () ->
                      new InvalidRequestException(
                          "targetVersion",
                          "is required: the registry has no known-good deployment of "
                              + service
                              + " "
                              + environment
                              + " (a DEPLOYED version before the current one)"));
    }
    if (to.equals(from)) {
      throw new InvalidRequestException(
          "targetVersion", "is the current version " + from + ": there is nothing to roll back");
    }
    return new Versions(from, to);
  }

  private static void checkStrategy(String strategy, List<FieldProblem> problems) {
    if (LATER_STRATEGIES.contains(strategy)) {
      problems.add(new FieldProblem("strategy", "strategy " + strategy + " is not available yet"));
    } else if (!CONTAINER_REVERT.equals(strategy)
        && !CodeRevertPlanner.CODE_REVERT.equals(strategy)
        && !DatabasePlanner.STRATEGIES.contains(strategy)) {
      problems.add(
          new FieldProblem(
              "strategy",
              "unknown strategy \""
                  + strategy
                  + "\" (available: container-revert, code-revert, migration-rollback,"
                  + " backup-restore)"));
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
