package dev.rewind.workflows;

import dev.rewind.workflows.RollbackPlan.ApprovalPolicy;
import dev.rewind.workflows.RollbackPlan.EscalationPolicy;
import dev.rewind.workflows.RollbackPlan.Versions;
import dev.rewind.workflows.RollbackPlan.WatchPolicy;
import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.Topology.RolloutPolicy;
import dev.rewind.workflows.backup.BackupRestorePlan;
import dev.rewind.workflows.code.CodeRevertPlan;
import dev.rewind.workflows.container.ContainerRevertPlan;
import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.migration.MigrationRollbackPlan;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Plans for the workflow tests, as the api makes them: a service {@code billing-api} in {@code
 * production} on catalog hosts, rolled back from v1.5.3 to v1.5.2. Each builder method returns a
 * changed copy, so a test states only what matters to it.
 */
record Plans(
    List<HostRef> hosts,
    RolloutPolicy rollout,
    HostRef databaseHost,
    HealthPolicy health,
    Integer maintenanceStatus,
    Set<HostCommand> commands,
    ApprovalPolicy approvals,
    WatchPolicy watch,
    List<StrategyPlan> strategies) {
  static final String ROLLBACK_ID = "rollback-production-billing-api-20261126081500-ab12";
  static final String DIGEST = "d1e5c0ffee";
  static final String ORIGINAL_ID = "0123456789abcdef0123456789abcdef";
  static final String REPLACEMENT_ID = "fedcba9876543210fedcba9876543210";
  static final String GOOD_SHA = "1111111111111111111111111111111111111111";
  static final String BACKUP = "/var/backups/billing/2026-11-26.dump";

  static final ContainerRevertPlan CONTAINER = new ContainerRevertPlan("v1.5.2");
  static final CodeRevertPlan CODE = new CodeRevertPlan(GOOD_SHA, CodeRevertPlan.Mode.REVERT);
  static final MigrationRollbackPlan MIGRATION = new MigrationRollbackPlan("0041_before_ledger");
  static final BackupRestorePlan BACKUP_RESTORE = new BackupRestorePlan(BACKUP, false, 86_400);

  /**
   * One agent host {@code local}, a health check, no maintenance, stop/start/reinstall declared.
   */
  static Plans of(StrategyPlan... strategies) {
    return new Plans(
        List.of(HostRef.agent("local")),
        RolloutPolicy.ONE_AT_A_TIME,
        null,
        new HealthPolicy(200, 60),
        null,
        EnumSet.of(HostCommand.STOP, HostCommand.START, HostCommand.REINSTALL),
        ApprovalPolicy.NONE,
        WatchPolicy.NONE,
        List.of(strategies));
  }

  Plans hosts(HostRef... hosts) {
    return new Plans(
        List.of(hosts),
        rollout,
        databaseHost,
        health,
        maintenanceStatus,
        commands,
        approvals,
        watch,
        strategies);
  }

  Plans rollout(int maxParallel, boolean canaryFirst) {
    return new Plans(
        hosts,
        new RolloutPolicy(maxParallel, canaryFirst),
        databaseHost,
        health,
        maintenanceStatus,
        commands,
        approvals,
        watch,
        strategies);
  }

  /** The database on host {@code local}, migrate-down and migrate declared. */
  Plans withDatabase() {
    Set<HostCommand> more = EnumSet.copyOf(commands);
    more.add(HostCommand.MIGRATE_DOWN);
    return new Plans(
        hosts,
        rollout,
        HostRef.agent("local"),
        health,
        maintenanceStatus,
        more,
        approvals,
        watch,
        strategies);
  }

  Plans declaring(HostCommand... declared) {
    Set<HostCommand> more = EnumSet.copyOf(commands);
    more.addAll(List.of(declared));
    return new Plans(
        hosts,
        rollout,
        databaseHost,
        health,
        maintenanceStatus,
        more,
        approvals,
        watch,
        strategies);
  }

  /** Maintenance on/off declared; {@code status} (e.g. 503) what the health URL answers then. */
  Plans maintenance(Integer status) {
    Set<HostCommand> more = EnumSet.copyOf(commands);
    more.add(HostCommand.MAINTENANCE_ON);
    more.add(HostCommand.MAINTENANCE_OFF);
    return new Plans(
        hosts, rollout, databaseHost, health, status, more, approvals, watch, strategies);
  }

  Plans approvals(String... kinds) {
    return new Plans(
        hosts,
        rollout,
        databaseHost,
        health,
        maintenanceStatus,
        commands,
        new ApprovalPolicy(List.of(kinds), 30),
        watch,
        strategies);
  }

  Plans watch(int minutes, int everySeconds, int failures) {
    return new Plans(
        hosts,
        rollout,
        databaseHost,
        health,
        maintenanceStatus,
        commands,
        approvals,
        new WatchPolicy(minutes, everySeconds, failures),
        strategies);
  }

  Plans noHealthCheck() {
    return new Plans(
        hosts,
        rollout,
        databaseHost,
        null,
        maintenanceStatus,
        commands,
        approvals,
        watch,
        strategies);
  }

  RollbackPlan plan() {
    return new RollbackPlan(
        "billing-api",
        "production",
        new Versions("v1.5.3", "v1.5.2", 42L),
        "error rate 7% after deploy",
        "pipeline",
        new Topology(DIGEST, hosts, rollout, databaseHost, health, maintenanceStatus, commands),
        approvals,
        new EscalationPolicy(15),
        watch,
        strategies);
  }

  static ContainerSnapshot runningOnBadVersion() {
    return new ContainerSnapshot(
        ORIGINAL_ID,
        "billing-web",
        "billing-web:v1.5.3",
        "sha256:bad",
        true,
        false,
        "unless-stopped",
        List.of("127.0.0.1:18080->8080/tcp"),
        List.of("/data"),
        List.of("bridge"));
  }
}
