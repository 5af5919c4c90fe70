package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.web.FieldProblem;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.Approval;
import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackPlan.ApprovalPolicy;
import dev.rewind.workflows.RollbackPlan.EscalationPolicy;
import dev.rewind.workflows.RollbackPlan.WatchPolicy;
import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import dev.rewind.workflows.Topology;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The plan's header: where the service runs by name (hosts, rollout, database host, health,
 * maintenance, the commands the catalog declares, and the digest of that catalog entry), the
 * approvals, the escalation and the watch. Its defaults are decided here: approvals wait 30
 * minutes; an escalated rollback re-notifies every 15; a chain holding a database strategy waits
 * for a DBA and a manager unless the catalog's {@code approvals.required} says otherwise.
 */
@Component
class HeaderPlanner {
  static final int APPROVAL_TIMEOUT_MINUTES = 30;
  static final int RENOTIFY_MINUTES = 15;
  static final List<String> DATABASE_APPROVALS = List.of(Approval.DBA, Approval.MANAGER);

  private final Catalog catalog;

  HeaderPlanner(Catalog catalog) {
    checkApprovalStrategies(catalog);
    this.catalog = catalog;
  }

  /** The watch needs the catalog's health URL: without one, {@code monitorMinutes} is refused. */
  void checkWatch(RollbackRequest request, ServiceEnvironment env, List<FieldProblem> problems) {
    if (request.monitor() > 0 && env.health() == null) {
      problems.add(
          new FieldProblem(
              "monitorMinutes",
              "needs a health section in services."
                  + request.service()
                  + "."
                  + request.environment()
                  + " of the catalog: the watch polls its URL"));
    }
  }

  RollbackPlan plan(
      Planning planning,
      String requestedBy,
      List<StrategyPlan> strategies,
      RollbackPlan.Detection detection) {
    RollbackRequest request = planning.request();
    String severity = request.severity();
    return new RollbackPlan(
        request.service(),
        request.environment(),
        planning.versions(),
        request.reason().strip(),
        requestedBy,
        topology(request.service(), request.environment(), planning.env()),
        approvals(planning.env(), planning.chain()),
        // the catalog's SLA of the severity (by default P0 15 min, P1 30, P2 2 h, P3 none)
        new EscalationPolicy(RENOTIFY_MINUTES, severity, planning.env().sla().minutes(severity)),
        watch(request.monitor(), planning.env().health()),
        strategies,
        detection);
  }

  private Topology topology(String service, String environment, ServiceEnvironment env) {
    ServiceEnvironment.Health health = env.health();
    ServiceEnvironment.Database db = env.database();
    return new Topology(
        catalog.digest(service, environment),
        env.hosts().stream().map(this::host).toList(),
        new Topology.RolloutPolicy(env.rollout().maxParallel(), env.rollout().canaryFirst()),
        db == null ? null : host(db.host() != null ? db.host() : env.hosts().get(0)),
        health == null
            ? null
            : new Topology.HealthPolicy(
                health.expectStatus(),
                (int) Math.max(1, (health.timeout().toMillis() + 999) / 1000)),
        env.maintenance() == null ? null : env.maintenance().expectStatus(),
        declared(env));
  }

  private HostRef host(String name) {
    return new HostRef(name, catalog.host(name).orElseThrow().transport().id());
  }

  /** The commands the catalog declares for this environment, by name. */
  static Set<HostCommand> declared(ServiceEnvironment env) {
    Set<HostCommand> commands = EnumSet.noneOf(HostCommand.class);
    if (env.maintenance() != null) {
      commands.add(HostCommand.MAINTENANCE_ON);
      commands.add(HostCommand.MAINTENANCE_OFF);
    }
    ServiceEnvironment.Code code = env.code();
    if (code != null && code.stop() != null) {
      commands.add(HostCommand.STOP);
    }
    if (code != null && code.start() != null) {
      commands.add(HostCommand.START);
    }
    if (code != null && code.reinstall() != null) {
      commands.add(HostCommand.REINSTALL);
    }
    ServiceEnvironment.Database db = env.database();
    if (db != null && db.migrateDown() != null) {
      commands.add(HostCommand.MIGRATE_DOWN);
    }
    if (db != null && db.migrate() != null) {
      commands.add(HostCommand.MIGRATE);
    }
    return commands;
  }

  /**
   * The catalog's {@code approvals} when it declares them (its kinds and timeout, for the chains
   * its {@code strategies} name, or every chain), else a DBA and a manager within 30 minutes for a
   * chain that changes the database, else none.
   */
  private static ApprovalPolicy approvals(ServiceEnvironment env, List<StrategyId> chain) {
    ServiceEnvironment.Approvals declared = env.approvals();
    if (declared != null) {
      List<String> required =
          declared.appliesTo(chain.stream().map(StrategyId::id).toList())
              ? declared.required()
              : List.of();
      return new ApprovalPolicy(required, (int) Math.max(1, declared.timeout().toMinutes()));
    }
    List<String> required =
        chain.stream().anyMatch(StrategyId::touchesDatabase) ? DATABASE_APPROVALS : List.of();
    return new ApprovalPolicy(required, APPROVAL_TIMEOUT_MINUTES);
  }

  /**
   * An {@code approvals.strategies} id no strategy has: the catalog is wrong, the api refuses it.
   */
  static void checkApprovalStrategies(Catalog catalog) {
    catalog
        .services()
        .forEach(
            (name, service) ->
                service
                    .environments()
                    .forEach(
                        (envName, env) -> {
                          if (env.approvals() == null) {
                            return;
                          }
                          for (String id : env.approvals().strategies()) {
                            if (StrategyId.find(id).isEmpty()) {
                              throw new IllegalStateException(
                                  "catalog: services.%s.%s.approvals.strategies: unknown strategy %s"
                                      .formatted(name, envName, id));
                            }
                          }
                        }));
  }

  /** {@code monitorMinutes} with the catalog's polling interval and failure threshold. */
  private static WatchPolicy watch(int minutes, ServiceEnvironment.Health health) {
    if (health == null) {
      return WatchPolicy.NONE;
    }
    return new WatchPolicy(minutes, health.watchEverySeconds(), health.watchFailures());
  }
}
