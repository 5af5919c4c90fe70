package dev.rewind.activities.rollbacks;

import dev.rewind.activities.database.TargetPostgres;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackPlan.ApprovalPolicy;
import dev.rewind.workflows.RollbackPlan.EscalationPolicy;
import dev.rewind.workflows.RollbackPlan.Versions;
import dev.rewind.workflows.RollbackPlan.WatchPolicy;
import dev.rewind.workflows.StrategyPlan;
import dev.rewind.workflows.Topology;
import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.Topology.RolloutPolicy;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The catalog of the {@code billing} service the database rollback tests undo, in {@code
 * production}: the app on {@code appHost} (maintenance and RUNNING marker files under {@code
 * work/app}), its database (the test's {@link TargetPostgres}) on {@code dbHost} with snapshots in
 * {@code snapshots} and the pipeline's backups in {@code work}, a DBA's and a manager's approval;
 * and the plan the api makes from it.
 */
public final class BillingCatalog {
  private BillingCatalog() {}

  /** The YAML, with {@code databaseKeys} ({@code key: value} lines) added to its database. */
  public static String yaml(
      TargetPostgres pg,
      String appHost,
      String dbHost,
      Path work,
      Path snapshots,
      String healthUrl,
      String... databaseKeys) {
    String app = work.resolve("app").toString();
    StringBuilder hosts = new StringBuilder();
    for (String host : new LinkedHashSet<>(List.of(appHost, dbHost))) {
      hosts.append("  ").append(host).append(": { transport: agent }\n");
    }
    StringBuilder extra = new StringBuilder();
    for (String key : databaseKeys) {
      extra.append("        ").append(key).append('\n');
    }
    return "hosts:\n"
        + hosts
        + """
        services:
          billing:
            production:
              hosts: [%s]
              health: { url: "%s", timeout: 30s }
              maintenance: { on: [touch, %s/MAINTENANCE], off: [rm, -f, %3$s/MAINTENANCE] }
              code: { gitDir: %3$s, stop: [rm, -f, %3$s/RUNNING], start: [touch, %3$s/RUNNING] }
              approvals: { required: [dba, manager] }
              database:
                host: %s
                snapshotDir: %s
                backupDir: %s
                verify: ["SELECT count(*) > 0 FROM journal"]
        """
            .formatted(appHost, healthUrl, app, dbHost, snapshots, work)
        + pg.catalogConnection("        ")
        + extra;
  }

  /** The plan the api makes from {@code catalog} for {@code strategy}: names and values only. */
  public static RollbackPlan plan(Catalog catalog, StrategyPlan strategy) {
    ServiceEnvironment entry = catalog.environment("billing", "production").orElseThrow();
    Set<HostCommand> commands =
        EnumSet.of(
            HostCommand.MAINTENANCE_ON,
            HostCommand.MAINTENANCE_OFF,
            HostCommand.STOP,
            HostCommand.START);
    if (entry.database().migrateDown() != null) {
      commands.add(HostCommand.MIGRATE_DOWN);
    }
    return new RollbackPlan(
        "billing",
        "production",
        new Versions("v2", "v1", null),
        "release v2 broke the journal",
        "pipeline",
        new Topology(
            catalog.digest("billing", "production"),
            List.of(HostRef.agent(entry.hosts().get(0))),
            RolloutPolicy.ONE_AT_A_TIME,
            HostRef.agent(entry.database().host()),
            new HealthPolicy(200, 30),
            null,
            commands),
        new ApprovalPolicy(List.of("dba", "manager"), 30),
        new EscalationPolicy(15),
        WatchPolicy.NONE,
        List.of(strategy));
  }
}
