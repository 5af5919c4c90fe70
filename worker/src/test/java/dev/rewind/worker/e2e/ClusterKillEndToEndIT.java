package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.activities.host.DemoHosts;
import dev.rewind.activities.host.HostRouter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
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
 * agents answering.
 */
@Tag("infra")
class ClusterKillEndToEndIT {
  private static final ObjectMapper json = new ObjectMapper();
  private static final String SERVICE = "cluster-web";
  private static final String SHOP = "cluster-shop";
  private static ClusterStack stack;
  private static DemoHosts demo;
  private static HostRouter router;
  private static HealthGate gate;
  private static String container;
  private static int appPort;

  @BeforeAll
  static void startCluster() throws Exception {
    appPort = Processes.freePort();
    gate = new HealthGate("http://127.0.0.1:" + appPort + "/health");
    Path catalog = Files.createTempFile("rewind-cluster-catalog-", ".yml");
    container = "rewind-cluster-" + appPort;
    demo = new DemoHosts();
    router = new HostRouter(demo);
    for (String host : List.of("a", "b")) {
      demo.deployBadVersion(host);
    }
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
        """
            .formatted(
                SERVICE,
                gate.url(),
                container,
                SHOP,
                router.healthUrl(),
                demo.gitDir(),
                String.join("\", \"", demo.stop()),
                String.join("\", \"", demo.start())));
    stack = new ClusterStack(catalog);
    stack.up();
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
    awaitRollback(id, r -> r.path("currentStep").asText().startsWith("verify health"));
    stack.sigkill("worker-b");
    stack.up();
    Files.delete(sick);
    JsonNode end =
        awaitRollback(
            id, r -> r.path("status").asText().matches("SUCCEEDED|FAILED|ABORTED|ESCALATED"));

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    for (String host : List.of("a", "b")) {
      assertEquals("v1", demo.servedVersion(host));
      assertEquals(2, demo.starts(host), host + ": started once for v2, once for v1");
      assertEquals(
          "Revert \"v2: new checkout flow\"", demo.git(host, "log", "-1", "--format=%s").strip());
    }
    JsonNode ledger = awaitLedger(SHOP, id);
    assertEquals("SUCCEEDED", ledger.path("status").asText(), ledger.toPrettyString());
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
    awaitRollback(id, r -> r.path("currentStep").asText().startsWith("wait healthy"));
    for (String component : killed) {
      stack.sigkill(component);
    }
    stack.up();
    gate.open();
    JsonNode end =
        awaitRollback(
            id, r -> r.path("status").asText().matches("SUCCEEDED|FAILED|ABORTED|ESCALATED"));

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

  private JsonNode awaitRollback(String id, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = stack.get("/api/v1/rollbacks/" + id);
        if (response.statusCode() == 200) {
          last = json.readTree(response.body());
          if (condition.test(last)) {
            return last;
          }
        }
      } catch (java.io.IOException apiRestarting) {
        // the api answers again in a moment
      }
      Thread.sleep(200);
    }
    throw new AssertionError("rollback " + id + " never reached the expected state: " + last);
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
