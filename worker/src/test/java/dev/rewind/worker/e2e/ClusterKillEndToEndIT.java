package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.activities.database.TargetPostgres;
import dev.rewind.activities.host.DemoHosts;
import dev.rewind.activities.host.HostRouter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 2: Rewind on the real Temporal cluster of {@code scripts/cluster}, a
 * container-revert held in its health wait while one component is SIGKILLed and started again by
 * {@code scripts/cluster up}: the history process, the frontend + matching process, the control
 * worker together with an agent. Each rollback ends SUCCEEDED, the container is recreated exactly
 * once, and the ledger has its row with the end; after the agent's restart a dry run finds both
 * agents answering. Then runbook 000's chain on agent hosts, with the history process and the
 * database host's agent killed in the middle, and a code-revert with an agent killed before its
 * steps.
 */
@Tag("infra")
class ClusterKillEndToEndIT {
  private static final Duration ROLLBACK_WAIT = Duration.ofSeconds(180);
  private static final ObjectMapper json = new ObjectMapper();
  private static final String SERVICE = "cluster-web";
  private static final String SHOP = "cluster-shop";
  private static final String BILLING = "cluster-billing";
  private static ClusterStack stack;
  private static DemoHosts demo;
  private static HostRouter router;
  private static HealthGate gate;
  private static String container;
  private static int appPort;
  // cluster-billing's hosts a and b, apart from cluster-shop's, and its database
  private static DemoHosts billingHosts;
  private static HostRouter billingRouter;
  private static BackupBeforeV2 billing;

  @BeforeAll
  static void startCluster() throws Exception {
    appPort = Processes.freePort();
    gate = new HealthGate("http://127.0.0.1:" + appPort + "/health");
    Path catalog = Files.createTempFile("rewind-cluster-catalog-", ".yml");
    container = "rewind-cluster-" + appPort;
    demo = new DemoHosts();
    router = new HostRouter(demo);
    billingHosts = new DemoHosts();
    billingRouter = new HostRouter(billingHosts);
    for (String host : List.of("a", "b")) {
      demo.deployBadVersion(host);
      billingHosts.deployBadVersion(host);
    }
    billing = new BackupBeforeV2(billingHosts.root);
    Files.writeString(
        catalog,
        """
        hosts:
          a: { transport: agent }
          b: { transport: agent }
        services:
          %s:
            e2e:
              hosts: [a, b]
              health: { url: "%s", expectStatus: 200, timeout: 120s }
              container: { name: %s, image: app, dockerHost: "unix:///var/run/docker.sock" }
              escalation: { notify: [] }
          %s:
            e2e:
              hosts: [a, b]
              health: { url: "%s", expectStatus: 200, timeout: 120s }
              code: { gitDir: "%s", stop: ["%s"], start: ["%s"] }
              escalation: { notify: [] }
          %s:
            e2e:
              hosts: [a, b]
              health: { url: "%s", expectStatus: 200, timeout: 120s }
              code: { gitDir: "%s", stop: ["%s"], start: ["%s"] }
              %s
              escalation: { notify: [] }
        """
            .formatted(
                SERVICE,
                gate.url(),
                container,
                SHOP,
                router.healthUrl(),
                demo.gitDir(),
                String.join("\", \"", demo.stop()),
                String.join("\", \"", demo.start()),
                BILLING,
                billingRouter.healthUrl(),
                billingHosts.gitDir(),
                String.join("\", \"", billingHosts.stop()),
                String.join("\", \"", billingHosts.start()),
                billing.catalogSection("a")));
    // No approvals in the catalog: a database chain waits for a DBA and a manager, two people.
    stack =
        new ClusterStack(
            catalog,
            Map.of(
                "REWIND_TOKENS_FILE",
                Approvers.tokensFile(billingHosts.root).toString(),
                TargetPostgres.PASSWORD_ENV,
                TargetPostgres.PASSWORD));
    stack.up();
    billing.deploy(
        stack,
        BILLING,
        billingHosts.git("a", "rev-parse", "v1").strip(),
        billingHosts.git("a", "rev-parse", "HEAD").strip());
    billing.countRestores();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    Processes.exitCode("docker", "rm", "-f", container);
    if (gate != null) {
      gate.close();
    }
    if (stack != null) {
      stack.close();
    }
    if (router != null) {
      router.close();
    }
    if (demo != null) {
      demo.close();
    }
    if (billing != null) {
      billing.close();
    }
    if (billingRouter != null) {
      billingRouter.close();
    }
    if (billingHosts != null) {
      billingHosts.close();
    }
  }

  @Test
  void historyKilledMidRollback() throws Exception {
    rollbackSurvives("temporal-history");
  }

  @Test
  void frontendAndMatchingKilledMidRollback() throws Exception {
    rollbackSurvives("temporal-frontend");
  }

  @Test
  void controlWorkerAndAgentKilledMidRollback() throws Exception {
    rollbackSurvives("worker-control", "worker-a");
    HttpResponse<String> dryRun =
        stack.post(
            "/api/v1/rollbacks",
            """
            {"service": "%s", "environment": "e2e", "strategy": "container-revert",
             "currentVersion": "v2", "targetVersion": "v1", "dryRun": true, "reason": "agents"}
            """
                .formatted(SERVICE));
    assertEquals(200, dryRun.statusCode(), dryRun.body());
    assertTrue(dryRun.body().contains("a reachable"), dryRun.body());
    assertTrue(dryRun.body().contains("b reachable"), dryRun.body());
  }

  /**
   * A code-revert on hosts a then b (one at a time): while host a's health is held, agent b, whose
   * steps are still to come, is SIGKILLed and started again; b is reverted and restarted once.
   */
  @Test
  void agentKilledBeforeItsStepsInACodeRevert() throws Exception {
    Path sick = Files.writeString(demo.home("a").resolve("SICK"), "");
    String good = demo.git("a", "rev-parse", "v1").strip();
    HttpResponse<String> accepted =
        stack.post(
            "/api/v1/rollbacks",
            """
            {"service": "%s", "environment": "e2e", "strategy": "code-revert", "gitSha": "%s",
             "currentVersion": "v2", "targetVersion": "v1", "reason": "checkout broken in v2"}
            """
                .formatted(SHOP, good));
    assertEquals(202, accepted.statusCode(), accepted.body());
    String id = json.readTree(accepted.body()).path("id").asText();
    stack.awaitRollback(
        id, ROLLBACK_WAIT, r -> r.path("currentStep").asText().startsWith("verify health"));
    stack.sigkill("worker-b");
    stack.up();
    Files.delete(sick);
    JsonNode end =
        stack.awaitRollback(
            id,
            ROLLBACK_WAIT,
            r -> r.path("status").asText().matches("SUCCEEDED|FAILED|ABORTED|ESCALATED"));

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    assertRevertedAndStartedOnce(demo);
    JsonNode ledger = awaitLedger(SHOP, id);
    assertEquals("SUCCEEDED", ledger.path("status").asText(), ledger.toPrettyString());
  }

  /**
   * Runbook 000 on agent hosts: backup-restore (pg_dump and pg_restore run by agent a, the database
   * host) then code-revert on a and b, approved by a DBA and a manager. While a's health is held
   * after the restore, the history process and both agents (a, whose restore is done, and b, whose
   * revert is still to come) are SIGKILLed and started again: the chain ends SUCCEEDED, the
   * database equals the backup, restored once, and each host runs v1, started once for it.
   */
  @Test
  void historyAndAgentsKilledMidChain() throws Exception {
    Map<String, String> backup = billing.checksumsOfBackup();
    Path sick = Files.writeString(billingHosts.home("a").resolve("SICK"), "");
    HttpResponse<String> accepted =
        stack.post(
            "/api/v1/rollbacks",
            """
            {"service": "%s", "environment": "e2e", "strategies": ["backup-restore", "code-revert"],
             "reason": "runbook 000: v2 corrupts the journal"}
            """
                .formatted(BILLING));
    assertEquals(202, accepted.statusCode(), accepted.body());
    String id = json.readTree(accepted.body()).path("id").asText();
    stack.awaitRollback(
        id, ROLLBACK_WAIT, r -> r.path("status").asText().equals("AWAITING_APPROVAL"));
    Approvers.approve(stack, id);
    stack.awaitRollback(id, ROLLBACK_WAIT, r -> running(r, "verify health", "a:"));
    stack.sigkill("temporal-history");
    stack.sigkill("worker-a");
    stack.sigkill("worker-b");
    stack.up();
    Files.delete(sick);
    JsonNode end =
        stack.awaitRollback(
            id,
            ROLLBACK_WAIT,
            r -> r.path("status").asText().matches("SUCCEEDED|FAILED|ABORTED|ESCALATED"));

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    assertEquals(backup, billing.checksums(), "the database holds the backup's rows");
    assertEquals(1, billing.restores(), "the backup restored once");
    assertRevertedAndStartedOnce(billingHosts);
    JsonNode ledger = awaitLedger(BILLING, id);
    assertEquals("SUCCEEDED", ledger.path("status").asText(), ledger.toPrettyString());
  }

  /** Hosts a and b run v1, reverted by a commit and started once for it (once for v2 before). */
  private static void assertRevertedAndStartedOnce(DemoHosts hosts) throws Exception {
    for (String host : List.of("a", "b")) {
      assertEquals("v1", hosts.servedVersion(host));
      assertEquals(2, hosts.starts(host), host + ": started once for v2, once for v1");
      assertEquals(
          "Revert \"v2: new checkout flow\"", hosts.git(host, "log", "-1", "--format=%s").strip());
    }
  }

  private static boolean running(JsonNode rollback, String step, String targetPrefix) {
    for (JsonNode s : rollback.path("steps")) {
      if (s.path("name").asText().equals(step)
          && s.path("target").asText().startsWith(targetPrefix)
          && s.path("status").asText().equals("RUNNING")) {
        return true;
      }
    }
    return false;
  }

  private void rollbackSurvives(String... killed) throws Exception {
    gate.hold();
    Processes.exitCode("docker", "rm", "-f", container);
    Processes.run(
        "docker",
        "run",
        "-d",
        "--name",
        container,
        "-p",
        "127.0.0.1:" + appPort + ":8080",
        "app:v2");
    String since = Processes.run("date", "+%s").trim();
    String id = requestRollback();
    stack.awaitRollback(
        id, ROLLBACK_WAIT, r -> r.path("currentStep").asText().startsWith("wait healthy"));
    for (String component : killed) {
      stack.sigkill(component);
    }
    stack.up();
    gate.open();
    JsonNode end =
        stack.awaitRollback(
            id,
            ROLLBACK_WAIT,
            r -> r.path("status").asText().matches("SUCCEEDED|FAILED|ABORTED|ESCALATED"));

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    String image = Processes.run("docker", "inspect", "-f", "{{.Config.Image}}", container).trim();
    assertEquals("app:v1", image);
    String creates =
        Processes.run(
            "docker",
            "events",
            "--since",
            since,
            "--until",
            Processes.run("date", "+%s").trim(),
            "--filter",
            "type=container",
            "--filter",
            "event=create",
            "--filter",
            "container=" + container,
            "--format",
            "{{.Actor.Attributes.image}}");
    assertEquals(1, creates.lines().filter("app:v1"::equals).count(), creates);
    JsonNode ledger = awaitLedger(SERVICE, id);
    assertEquals("SUCCEEDED", ledger.path("status").asText(), ledger.toPrettyString());
  }

  private String requestRollback() throws Exception {
    HttpResponse<String> accepted =
        stack.post(
            "/api/v1/rollbacks",
            """
            {"service": "%s", "environment": "e2e", "strategy": "container-revert",
             "currentVersion": "v2", "targetVersion": "v1", "reason": "health 404 after v2"}
            """
                .formatted(SERVICE));
    assertEquals(202, accepted.statusCode(), accepted.body());
    return json.readTree(accepted.body()).path("id").asText();
  }

  private JsonNode awaitLedger(String service, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode entry :
          json.readTree(stack.get("/api/v1/rollbacks?service=" + service).body())) {
        if (entry.path("id").asText().equals(id) && !entry.path("finishedAt").isNull()) {
          return entry;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the ledger never recorded the end of " + id);
  }
}
