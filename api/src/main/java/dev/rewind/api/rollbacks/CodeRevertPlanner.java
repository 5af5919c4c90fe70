package dev.rewind.api.rollbacks;

import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.CodeRevertMode;
import dev.rewind.workflows.CodeTarget;
import dev.rewind.workflows.HostTarget;
import dev.rewind.workflows.MaintenanceMode;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RolloutPolicy;
import java.util.List;

/**
 * Plans a {@code code-revert}: every host of the environment with how to reach it (for SSH hosts
 * the key and known_hosts file paths, never their contents), the rollout, the checkout and its
 * commands from the catalog. The request's values reach commands only through the placeholders
 * {@code {version}} and {@code {gitSha}}, after validation; {@code {host}} is filled per host by
 * the workflow.
 */
final class CodeRevertPlanner {
  static final String CODE_REVERT = "code-revert";

  private final Catalog catalog;

  CodeRevertPlanner(Catalog catalog) {
    this.catalog = catalog;
  }

  /** {@code gitSha} and {@code mode} mean something to code-revert only. */
  static void refuseCodeFields(RollbackRequest request, List<FieldProblem> problems) {
    if (request.gitSha() != null) {
      problems.add(new FieldProblem("gitSha", "is only for strategy code-revert"));
    }
    if (request.mode() != null) {
      problems.add(new FieldProblem("mode", "is only for strategy code-revert"));
    }
  }

  /** The versions rolled back from and to, and the known-good commit, resolved by the caller. */
  record Target(String from, String to, String gitSha) {}

  RollbackPlan plan(
      RollbackRequest request,
      String requestedBy,
      ServiceEnvironment env,
      List<FieldProblem> problems,
      Target target) {
    if (env != null && problems.isEmpty() && env.code() == null) {
      problems.add(
          new FieldProblem(
              "strategy",
              CODE_REVERT
                  + " needs a code section in services."
                  + request.service()
                  + "."
                  + request.environment()
                  + " of the catalog"));
    }
    CodeTarget code = problems.isEmpty() ? code(env.code(), target, problems) : null;
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    ServiceEnvironment.Maintenance m = env.maintenance();
    return new RollbackPlan(
        request.service(),
        request.environment(),
        CODE_REVERT,
        target.from(),
        target.to(),
        request.reason().strip(),
        requestedBy,
        null,
        RollbackPlanner.health(env.health()),
        env.escalation().contacts(),
        RollbackPlanner.RENOTIFY_MINUTES,
        env.hosts().stream().map(this::host).toList(),
        new RolloutPolicy(env.rollout().maxParallel(), env.rollout().canaryFirst()),
        code,
        m == null
            ? null
            : new MaintenanceMode(
                fill(m.on(), target, "maintenance.on", problems),
                fill(m.off(), target, "maintenance.off", problems),
                m.expectStatus()),
        target.gitSha() == null ? null : target.gitSha().toLowerCase(),
        request.mode() == null ? CodeRevertMode.REVERT : request.mode());
  }

  private CodeTarget code(ServiceEnvironment.Code c, Target target, List<FieldProblem> problems) {
    return new CodeTarget(
        c.gitDir(),
        fill(c.stop(), target, "code.stop", problems),
        fill(c.start(), target, "code.start", problems),
        fill(c.reinstall(), target, "code.reinstall", problems));
  }

  /** The catalog command with the request's validated values in its placeholders. */
  private static List<String> fill(
      List<String> argv, Target request, String key, List<FieldProblem> problems) {
    if (argv == null) {
      return null;
    }
    boolean needsSha = argv.stream().anyMatch(a -> a.contains("{gitSha}"));
    if (needsSha && request.gitSha() == null) {
      problems.add(new FieldProblem("gitSha", "is required: the catalog's " + key + " uses it"));
      return argv;
    }
    if (argv.stream().anyMatch(a -> a.contains("{targetMigration}"))) {
      problems.add(
          new FieldProblem(
              "strategy",
              "the catalog's "
                  + key
                  + " uses {targetMigration}, which "
                  + CODE_REVERT
                  + " does not have"));
      return argv;
    }
    return argv.stream()
        .map(
            a ->
                a.replace("{version}", request.to())
                    .replace("{gitSha}", needsSha ? request.gitSha() : "{gitSha}"))
        .toList();
  }

  private HostTarget host(String name) {
    return catalog.host(name).orElseThrow().target();
  }
}
