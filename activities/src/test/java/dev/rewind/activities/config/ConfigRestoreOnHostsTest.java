package dev.rewind.activities.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.TestLedger;
import dev.rewind.activities.TestRollbacks;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.activities.health.HealthActivitiesImpl;
import dev.rewind.activities.heartbeat.BackgroundHeartbeats;
import dev.rewind.activities.host.HostActivitiesImpl;
import dev.rewind.activities.host.HostShells;
import dev.rewind.activities.host.Redaction;
import dev.rewind.activities.host.Sshd;
import dev.rewind.activities.notify.NotifyActivitiesImpl;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogHost;
import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackPlan.ApprovalPolicy;
import dev.rewind.workflows.RollbackPlan.EscalationPolicy;
import dev.rewind.workflows.RollbackPlan.Versions;
import dev.rewind.workflows.RollbackPlan.WatchPolicy;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflowImpl;
import dev.rewind.workflows.StepRecord;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.Topology;
import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.Topology.RolloutPolicy;
import dev.rewind.workflows.config.ConfigFailures;
import dev.rewind.workflows.config.ConfigRestorePlan;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config-restore} with the real activities, driven by the rollback workflow on the SDK's
 * test server: a real nginx on its own port restored through the agent's local shell, and an
 * env-file service restarted over SSH on a real sshd, every file, command and URL from a real
 * catalog file.
 */
@Tag("infra")
class ConfigRestoreOnHostsTest {
  private static int sequence;

  @TempDir Path root;
  private Sshd sshd;
  private Nginx nginx;
  private EnvApp app;
  private Catalog catalog;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() throws Exception {
    sshd = new Sshd();
    nginx = new Nginx(root.resolve("nginx"));
    app = new EnvApp(root.resolve("app"), "MODE=trial-77d2\nAPI_TOKEN=tok-new-7f3e91\n");
    catalog = TestCatalogs.write(root.resolve("catalog"), catalogYaml());
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(BackgroundHeartbeats.factoryOptions())
                .build());
    for (var key :
        List.of(
            RewindSearchAttributes.SERVICE,
            RewindSearchAttributes.ENVIRONMENT,
            RewindSearchAttributes.STRATEGY,
            RewindSearchAttributes.STATUS)) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    CatalogTargets targets = new CatalogTargets(catalog);
    HostShells ssh = HostShells.control(Redaction.NONE, Duration.ofSeconds(2));
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RollbackWorkflowImpl.class);
    control.registerActivitiesImplementations(
        new ConfigActivitiesImpl(targets, ssh),
        new HostActivitiesImpl(targets, ssh),
        new HealthActivitiesImpl(targets),
        new NotifyActivitiesImpl(targets));
    HostShells local = HostShells.agent("local", Redaction.NONE);
    env.newWorker(TaskQueues.host("local"))
        .registerActivitiesImplementations(
            new ConfigActivitiesImpl(targets, local), new HostActivitiesImpl(targets, local));
    env.newWorker(TaskQueues.LEDGER).registerActivitiesImplementations(new TestLedger());
    env.start();
  }

  private String catalogYaml() {
    String switchPage =
        Path.of("../examples/nginx/maintenance.sh").toAbsolutePath().normalize().toString();
    return """
        hosts:
          local: { transport: agent }
          %s
        services:
          shop:
            test:
              hosts: [local]
              health: { url: "%2$s", timeout: 5s }
              maintenance: { on: [sh, "%13$s", "on", "%14$s"], off: [sh, "%13$s", "off", "%14$s"], expectStatus: 503 }
              config: { files: ["%3$s", "%15$s"], backupDir: "%4$s", validate: %5$s, reload: %6$s }
          web:
            test:
              hosts: [local]
              health: { url: "%s", timeout: 5s }
              config: { files: ["%s"], backupDir: "%s", validate: %s, reload: %s }
          app:
            test:
              hosts: [app-ssh]
              health: { url: "%s", timeout: 5s }
              code: { gitDir: "%s", stop: %s, start: %s }
              config: { files: ["%s"], backupDir: "%s", restart: true }
        """
        .formatted(
            sshd.catalogEntry("app-ssh"),
            nginx.healthUrl(),
            nginx.conf,
            root.resolve("nginx-backups"),
            flow(nginx.validate()),
            flow(nginx.reload()),
            app.healthUrl(),
            app.home,
            flow(app.stop()),
            flow(app.start()),
            app.envFile,
            root.resolve("app-backups"),
            switchPage,
            nginx.dir,
            nginx.dir.resolve("sites/live.conf"));
  }

  @AfterEach
  void stop() throws Exception {
    env.close();
    nginx.close();
    app.close();
    sshd.close();
  }

  @Test
  void aDeploymentThatBrokeNginxIsRestoredToTheKnownGoodSet() throws Exception {
    BackupSets.write(root.resolve("nginx-backups"), "v1", Map.of(nginx.conf, nginx.good()));
    Files.writeString(nginx.conf, nginx.broken());
    Files.setPosixFilePermissions(nginx.conf, PosixFilePermissions.fromString("rw-r-----"));
    PosixFileAttributes before = attributes(nginx.conf);
    nginx.start();
    assertEquals(502, nginx.status());

    RollbackState end = run(plan("web", "v1", false, EnumSet.noneOf(HostCommand.class)));

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.toString());
    assertEquals(200, nginx.awaitStatus(200));
    assertArrayEquals(
        Files.readAllBytes(root.resolve("nginx-backups/v1").resolve(relative(nginx.conf))),
        Files.readAllBytes(nginx.conf));
    PosixFileAttributes after = attributes(nginx.conf);
    assertEquals(before.permissions(), after.permissions());
    assertEquals(before.owner(), after.owner());
    assertEquals(before.group(), after.group());
    // Rewind's own copy of what it replaced stays on the host, named by the rollback
    Path snapshot =
        root.resolve("nginx-backups/.rewind/" + workflowId()).resolve(relative(nginx.conf));
    assertEquals(nginx.broken(), Files.readString(snapshot));
    assertTrue(step(end, "write config files").detail().contains(nginx.conf + ": "));
  }

  @Test
  void aSetNginxRefusesLeavesTheRunningConfigurationAndFilesAsTheyWere() throws Exception {
    BackupSets.write(root.resolve("nginx-backups"), "v0", Map.of(nginx.conf, nginx.invalid()));
    Files.writeString(nginx.conf, nginx.broken());
    nginx.start();
    byte[] before = Files.readAllBytes(nginx.conf);

    WorkflowStub rollback = start(plan("web", "v0", false, EnumSet.noneOf(HostCommand.class)));
    RollbackState escalated = awaitState(rollback, s -> s.status() == RollbackStatus.ESCALATED);

    assertTrue(escalated.outcome().startsWith(ConfigFailures.INVALID_CONFIG), escalated.outcome());
    assertTrue(escalated.outcome().contains("unknown directive \"retrun\""), escalated.outcome());
    assertArrayEquals(before, Files.readAllBytes(nginx.conf));
    assertEquals(502, nginx.status()); // still serving the configuration it had
    assertEquals(
        2,
        escalated.steps().stream()
            .filter(s -> s.name().equals("compensate: reload") && s.detail().startsWith("exit 0"))
            .count());
  }

  @Test
  void theMaintenancePageIsServedWhileTheSetIsRestoredThenTheServiceIsBack() throws Exception {
    Path live = nginx.dir.resolve("sites/live.conf");
    BackupSets.write(
        root.resolve("nginx-backups"),
        "v1",
        Map.of(nginx.conf, nginx.withSites(), live, nginx.liveSite(true)));
    Files.writeString(nginx.conf, nginx.withSites());
    nginx.writeSites(nginx.liveSite(false));
    nginx.start();
    assertEquals(502, nginx.status());

    RollbackState end =
        run(
            plan(
                "shop",
                "v1",
                false,
                EnumSet.of(HostCommand.MAINTENANCE_ON, HostCommand.MAINTENANCE_OFF),
                503));

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.toString());
    // on: the page answered 503 (verified) before any file changed; off: the restored site is live
    List<String> order = end.steps().stream().map(StepRecord::name).toList();
    assertTrue(
        order.indexOf("verify maintenance") < order.indexOf("write config files"),
        order.toString());
    assertTrue(step(end, "verify maintenance").detail().contains("503"), end.toString());
    assertTrue(step(end, "maintenance off").detail().contains("maintenance off"), end.toString());
    assertEquals(200, nginx.status());
    assertEquals(nginx.liveSite(true), Files.readString(live));
    assertEquals(
        "../sites/live.conf",
        Files.readSymbolicLink(nginx.dir.resolve("enabled/site.conf")).toString());
  }

  @Test
  void theExampleCatalogLoads() {
    assertTrue(
        dev.rewind.catalog.CatalogReader.read(Path.of("../examples/nginx/rewind-nginx.yml"))
            .environment("shop", "production")
            .isPresent());
  }

  @Test
  void aMissingSetIsRefusedBeforeAnythingChanges() throws Exception {
    Files.writeString(nginx.conf, nginx.broken());
    byte[] before = Files.readAllBytes(nginx.conf);

    RollbackState end = run(plan("web", "v9", false, EnumSet.noneOf(HostCommand.class)));

    assertEquals(RollbackStatus.FAILED, end.status());
    assertTrue(end.outcome().contains(ConfigFailures.BACKUP_SET_INVALID), end.outcome());
    assertArrayEquals(before, Files.readAllBytes(nginx.conf));
    assertFalse(Files.exists(root.resolve("nginx-backups/.rewind")));
  }

  @Test
  void anEnvFileRestoredOverSshRestartsTheAppWithTheOldValuesAndNoValueReachesHistory()
      throws Exception {
    String good = "MODE=stable-a91c\nAPI_TOKEN=tok-old-4b2d07\n";
    BackupSets.write(root.resolve("app-backups"), "v1", Map.of(app.envFile, good));
    Nginx.run(app.start());
    assertEquals(500, app.status());

    RollbackState end =
        run(plan("app", "v1", true, EnumSet.of(HostCommand.STOP, HostCommand.START)));

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.toString());
    assertEquals(good, Files.readString(app.envFile));
    assertEquals(200, app.status());
    assertEquals(List.of("trial-77d2", "stable-a91c"), app.starts());
    String written = step(end, "write config files").detail();
    assertTrue(written.contains("keys changed: API_TOKEN, MODE"), written);
    assertTrue(step(end, "write config files").target().startsWith("app-ssh"));
    String history =
        new String(
            env.getWorkflowClient().fetchHistory(workflowId()).getHistory().toByteArray(),
            StandardCharsets.ISO_8859_1);
    for (String value : List.of("stable-a91c", "trial-77d2", "tok-old-4b2d07", "tok-new-7f3e91")) {
      assertFalse(history.contains(value), value + " is in the workflow history");
    }
  }

  private RollbackPlan plan(
      String service, String set, boolean restart, EnumSet<HostCommand> commands) {
    return plan(service, set, restart, commands, null);
  }

  private RollbackPlan plan(
      String service,
      String set,
      boolean restart,
      EnumSet<HostCommand> commands,
      Integer maintenanceStatus) {
    var entry = catalog.environment(service, "test").orElseThrow();
    List<HostRef> hosts =
        entry.hosts().stream()
            .map(
                h -> new HostRef(h, catalog.host(h).map(CatalogHost::transport).orElseThrow().id()))
            .toList();
    return new RollbackPlan(
        service,
        "test",
        new Versions("v2", set, null),
        "config broken after v2",
        "test",
        new Topology(
            catalog.digest(service, "test"),
            hosts,
            RolloutPolicy.ONE_AT_A_TIME,
            null,
            new HealthPolicy(200, 5),
            maintenanceStatus,
            commands),
        ApprovalPolicy.NONE,
        new EscalationPolicy(15),
        WatchPolicy.NONE,
        List.of(new ConfigRestorePlan(set, restart)));
  }

  private String workflowId() {
    return "rollback-test-config-" + sequence;
  }

  private WorkflowStub start(RollbackPlan plan) {
    sequence++;
    return TestRollbacks.start(env, workflowId(), plan);
  }

  private RollbackState run(RollbackPlan plan) {
    return start(plan).getResult(RollbackState.class);
  }

  private RollbackState awaitState(WorkflowStub stub, Predicate<RollbackState> condition) {
    return TestRollbacks.awaitState(env, stub, condition);
  }

  private static StepRecord step(RollbackState state, String name) {
    return state.steps().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step " + name + " in " + state.steps()));
  }

  private static String relative(Path file) {
    return file.toString().substring(1);
  }

  private static PosixFileAttributes attributes(Path file) throws Exception {
    return Files.readAttributes(file, PosixFileAttributes.class);
  }

  private static String flow(List<String> argv) {
    return argv.stream().map(a -> "\"" + a + "\"").toList().toString();
  }
}
