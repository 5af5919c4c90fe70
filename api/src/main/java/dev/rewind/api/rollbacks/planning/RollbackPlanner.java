package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.catalog.CatalogLookup;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Resolves a rollback request against the catalog and the registry into the {@link RollbackPlan}
 * the workflow runs: the chain read from the request, each strategy planned by its own {@link
 * StrategyPlanner}, the header by {@link HeaderPlanner}. The plan names catalog entries and holds
 * validated values only; the workers resolve commands and addresses from their own catalog.
 */
@Component
public class RollbackPlanner {
  private final CatalogLookup catalog;
  private final RegistryVersions versions;
  private final StrategyPlanners planners;
  private final HeaderPlanner header;
  private final Clock clock;

  /**
   * @param clock when requests are accepted: the system's unless the context has one (tests align
   *     it with an in-process Temporal's skipping time, which the SLA clock counts in)
   */
  RollbackPlanner(
      CatalogLookup catalog,
      RegistryVersions versions,
      StrategyPlanners planners,
      HeaderPlanner header,
      ObjectProvider<Clock> clock) {
    this.catalog = catalog;
    this.versions = versions;
    this.planners = planners;
    this.header = header;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /**
   * The plan of a request accepted now, which is when the incident counts as detected.
   *
   * @throws InvalidRequestException naming every field that does not fit the catalog or registry
   */
  public RollbackPlan plan(RollbackRequest request, String requestedBy) {
    return plan(request, requestedBy, null);
  }

  /**
   * The plan of a request an {@code assessment} (null: none) made now, which is when the incident
   * counts as detected.
   *
   * @throws InvalidRequestException naming every field that does not fit the catalog or registry
   */
  public RollbackPlan plan(
      RollbackRequest request, String requestedBy, RollbackPlan.Assessment assessment) {
    RollbackPlan.Detection detection = new RollbackPlan.Detection(clock.millis(), assessment);
    List<FieldProblem> problems = new ArrayList<>();
    ServiceEnvironment env = catalog.find(request.service(), request.environment(), problems);
    List<StrategyId> chain = ChainRequest.read(request, problems);
    refuseFieldsOutsideTheChain(request, chain, problems);
    if (env != null) {
      CatalogProblems lacking =
          new CatalogProblems(
              request.service(), request.environment(), request.chainField(), problems);
      chain.forEach(id -> planners.get(id).checkCatalog(env, lacking));
      header.checkWatch(request, env, problems);
    }
    throwIfAny(problems);
    RegistryVersions.Resolved registry = versions.resolve(request);
    Planning planning =
        new Planning(
            request, env, registry.versions(), registry.current(), registry.target(), chain);
    List<StrategyPlan> strategies = new ArrayList<>();
    for (StrategyId id : chain) {
      strategies.add(planners.get(id).plan(planning, problems));
    }
    CommandValues.check(planning, problems);
    throwIfAny(problems);
    return header.plan(planning, requestedBy, List.copyOf(strategies), detection);
  }

  /** {@code gitSha}, {@code backup}, ... mean something to one strategy: refused without it. */
  private void refuseFieldsOutsideTheChain(
      RollbackRequest request, List<StrategyId> chain, List<FieldProblem> problems) {
    for (Map.Entry<String, Object> field : request.strategyFields().entrySet()) {
      if (field.getValue() == null) {
        continue;
      }
      planners
          .owner(field.getKey())
          .filter(owner -> !chain.contains(owner))
          .ifPresent(
              owner ->
                  problems.add(
                      new FieldProblem(field.getKey(), "is only for strategy " + owner.id())));
    }
  }

  private static void throwIfAny(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }
}
