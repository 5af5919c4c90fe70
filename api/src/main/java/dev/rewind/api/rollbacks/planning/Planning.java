package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.SafeValues;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.StrategyId;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What every planner of one request works from: the request, its catalog entry, the versions as the
 * registry completed them, the registry entries rolled back from ({@code current}) and to ({@code
 * target}, whose git sha, image and migration are the defaults), and the chain.
 */
public record Planning(
    RollbackRequest request,
    ServiceEnvironment env,
    RollbackPlan.Versions versions,
    Deployment current,
    Deployment target,
    List<StrategyId> chain) {

  /** "the registry's v1.5.2 deployment", for messages about a default taken from the registry. */
  String targetEntry() {
    return "the registry's " + versions.to() + " deployment";
  }

  /**
   * The request's value of {@code field}, else the one the registry recorded with {@code entry}
   * (checked as a request's would be: it may predate today's rules), else null.
   */
  String requestedOrRecorded(
      String field,
      String requested,
      Deployment entry,
      Function<Deployment, String> recorded,
      Predicate<String> safe,
      String rule,
      List<FieldProblem> problems) {
    if (requested != null || entry == null) {
      return requested;
    }
    String value = recorded.apply(entry);
    SafeValues.checkRecorded(
        field,
        value,
        value == null || safe.test(value),
        rule,
        "the " + field + " recorded with the registry's " + entry.version() + " deployment",
        problems);
    return value;
  }
}
