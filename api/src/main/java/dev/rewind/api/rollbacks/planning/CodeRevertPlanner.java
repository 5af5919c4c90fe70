package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.SafeValues;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import dev.rewind.workflows.code.CodeRevertPlan;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code code-revert}: the catalog's checkout goes back to the known-good commit, the request's
 * {@code gitSha} or else the one the registry recorded with the target version, by reverting every
 * later commit ({@code mode} revert, the default) or checking it out.
 */
@Component
class CodeRevertPlanner implements StrategyPlanner {

  @Override
  public StrategyId id() {
    return StrategyId.CODE_REVERT;
  }

  @Override
  public Set<String> fields() {
    return Set.of("gitSha", "mode");
  }

  @Override
  public void checkCatalog(ServiceEnvironment env, CatalogProblems problems) {
    if (env.code() == null) {
      problems.lacks(id(), "a code section");
    }
  }

  @Override
  public StrategyPlan plan(Planning planning, List<FieldProblem> problems) {
    RollbackRequest request = planning.request();
    String sha =
        planning.requestedOrRecorded(
            "gitSha",
            request.gitSha(),
            planning.target(),
            Deployment::gitSha,
            SafeValues::isGitSha,
            SafeValues.GIT_SHA_MESSAGE,
            problems);
    if (sha == null) {
      problems.add(
          new FieldProblem(
              "gitSha",
              "is required: neither the request nor "
                  + planning.targetEntry()
                  + " names the known-good commit"));
      return null;
    }
    CodeRevertPlan.Mode mode =
        "checkout".equals(request.mode())
            ? CodeRevertPlan.Mode.CHECKOUT
            : CodeRevertPlan.Mode.REVERT;
    return new CodeRevertPlan(sha.toLowerCase(Locale.ROOT), mode);
  }
}
