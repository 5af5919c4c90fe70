package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.StrategyId;
import java.util.List;

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
}
