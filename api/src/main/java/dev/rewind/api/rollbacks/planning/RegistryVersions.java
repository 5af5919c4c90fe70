package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.api.web.SafeValues;
import dev.rewind.workflows.RollbackPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Completes a request's versions from the deployment registry: the current deployment is the one
 * rolled back from (by its id, so that the registry later marks exactly it), the known-good one the
 * target. Versions taken from the registry are checked as a request's would be.
 */
@Component
class RegistryVersions {
  private final DeploymentRegistry registry;

  RegistryVersions(DeploymentRegistry registry) {
    this.registry = registry;
  }

  /** The versions, with the registry entries rolled back from and to (null where it has none). */
  record Resolved(RollbackPlan.Versions versions, Deployment current, Deployment target) {}

  /**
   * @throws InvalidRequestException naming {@code targetVersion} or {@code currentVersion}
   */
  Resolved resolve(RollbackRequest request) {
    String service = request.service();
    String environment = request.environment();
    List<FieldProblem> problems = new ArrayList<>();
    Optional<Deployment> newest = registry.current(service, environment);
    String from = request.currentVersion();
    Deployment current;
    if (from == null) {
      current = newest.orElse(null);
      from = current == null ? null : current.version();
      SafeValues.checkRecorded(
          "currentVersion",
          from,
          SafeValues.isVersion(from),
          SafeValues.VERSION_MESSAGE,
          "the registry's current version",
          problems);
    } else {
      String named = from;
      current =
          newest
              .filter(d -> d.version().equals(named))
              .or(() -> registry.newestOf(service, environment, named))
              .orElse(null);
    }
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
      SafeValues.checkRecorded(
          "targetVersion",
          to,
          SafeValues.isVersion(to),
          SafeValues.VERSION_MESSAGE,
          "the registry's known-good version",
          problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    if (to.equals(from)) {
      throw new InvalidRequestException(
          "targetVersion", "is the current version " + from + ": there is nothing to roll back");
    }
    return new Resolved(
        new RollbackPlan.Versions(from, to, current == null ? null : current.id()),
        current,
        registry.newestOf(service, environment, to).orElse(null));
  }
}
