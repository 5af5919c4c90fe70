package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A scheduled drill with real processes: an operator creates a drill of a service in a staging
 * environment (a real Temporal Schedule, visible to {@code temporal schedule}), runs it now, and
 * the drill rolls the real container back to the known-good image and forward again to the one it
 * ran, through the api (both legs in the ledger), is listed with both legs, its duration and
 * outcome, and its result reaches the webhook routed for {@code drill-result}. The worker is
 * SIGKILLed and the api restarted while the drill waits for its back leg: it carries on.
 */
@Tag("infra")
class DrillEndToEndIT {
  private static final Duration ROLLBACK_WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper json = new ObjectMapper();
  // The api's database outlives the stack: a service of this run's own keeps its rows apart.
  private static final String SERVICE = "drill-web-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String ENV = "staging";
  private static final String HOOK = "hook-" + UUID.randomUUID();
  private static final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private static DevStack stack;
  private static HttpServer receiver;
  private static HealthGate gate;
  private static String container;

  @BeforeAll
  static void startRewind() throws Exception {
    stack = new DevStack();
    stack.secrets.add("the team webhook path", HOOK);
    container = "rewind-e2e-drill-" + stack.apiPort;
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks/" + HOOK,
        exchange -> {
          received.add(json.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    gate = new HealthGate(base + "/health");
    java.nio.file.Files.writeString(
        stack.catalog,
        """
        hosts:
          local: { transport: agent }
        notify:
          team: { kind: webhook, url: "%s/hooks/%s" }
        services:
          %s:
            %s:
              hosts: [local]
              health: { url: "%s", expectStatus: 200, timeout: 90s }
              container: { name: %s, image: app, dockerHost: "unix:///var/run/docker.sock" }
              escalation: { notify: [] }
              notify:
                routes:
                  - { events: [drill-result], targets: [team] }
        """
            .formatted(base, HOOK, SERVICE, ENV, gate.url(), container));
    Processes.exitCode("docker", "rm", "-f", container);
    Processes.run("docker", "run", "-d", "--name", container, "app:v2");
    stack.startTemporal();
    stack.startWorker();
    stack.startApi(stack.catalog);
  }

  @AfterAll
  static void stopRewind() throws Exception {
    Processes.exitCode("docker", "rm", "-f", container);
    if (receiver != null) {
      receiver.stop(0);
    }
    if (gate != null) {
      gate.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aDrillRunNowRollsTheContainerBackAndForwardAndIsListedWithItsOutcome() throws Exception {
    for (String version : List.of("v1", "v2")) {
      HttpResponse<String> deployed =
          stack.post(
              "/api/v1/deployments",
              """
              {"service": "%s", "environment": "%s", "version": "%s"}
              """
                  .formatted(SERVICE, ENV, version));
      assertEquals(201, deployed.statusCode(), deployed.body());
    }
    HttpResponse<String> created =
        stack.post(
            "/api/v1/drills",
            """
            {"service": "%s", "environment": "%s", "strategies": ["container-revert"],
             "cron": "0 3 1 */3 *", "severity": "P2"}
            """
                .formatted(SERVICE, ENV));
    assertEquals(201, created.statusCode(), created.body());
    String id = json.readTree(created.body()).path("id").asText();
    assertEquals("drill-" + ENV + "-" + SERVICE + "-1", id);
    assertTrue(!json.readTree(created.body()).at("/schedule/nextRun").isNull(), created.body());
    String schedule =
        Processes.run(
            Processes.temporalBinary(),
            "schedule",
            "describe",
            "--address",
            stack.temporalAddress(),
            "--schedule-id",
            id,
            "-o",
            "json");
    assertTrue(schedule.contains("RollbackDrill"), schedule);
    assertTrue(schedule.contains("Rollback drill " + SERVICE + " " + ENV), schedule);

    String schedules =
        Processes.run(
            Processes.temporalBinary(),
            "schedule",
            "list",
            "--address",
            stack.temporalAddress(),
            "--query",
            "RewindService='" + SERVICE + "'");
    assertTrue(schedules.contains(id), schedules);

    gate.hold();
    HttpResponse<String> run = stack.post("/api/v1/drills/" + id + "/run", "");
    assertEquals(202, run.statusCode(), run.body());
    long started = System.nanoTime();
    // The back leg's rollback is listed while it runs; held in its health wait, the worker is
    // SIGKILLed and the api restarted under the drill: the drill waits on and ends as it should.
    String back =
        await(id, d -> d.at("/runs/0/back/rollbackId").asText(null))
            .at("/runs/0/back/rollbackId")
            .asText();
    stack.awaitRollback(
        back, ROLLBACK_WAIT, r -> r.path("currentStep").asText().startsWith("wait healthy"));
    stack.killWorker();
    stack.stopApi();
    stack.startWorker();
    stack.startApi(stack.catalog);
    gate.open();
    JsonNode drill = awaitRun(id);
    System.out.println(
        "drill run took " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");

    JsonNode last = drill.at("/runs/0");
    assertEquals("PASSED", last.path("outcome").asText(), drill.toPrettyString());
    assertEquals("SUCCEEDED", last.at("/back/status").asText());
    assertEquals("v2", last.at("/back/fromVersion").asText());
    assertEquals("v1", last.at("/back/toVersion").asText());
    assertEquals("SUCCEEDED", last.at("/forward/status").asText());
    assertEquals("v2", last.at("/forward/toVersion").asText());
    assertTrue(last.path("durationSeconds").asLong() >= 0, last.toPrettyString());
    assertEquals(120, last.path("slaMinutes").asInt());
    assertTrue(last.path("slaMet").asBoolean(), last.toPrettyString());

    // The container was really recreated twice and runs the version it ran before the drill.
    JsonNode now = json.readTree(Processes.run("docker", "inspect", container)).get(0);
    assertEquals("app:v2", now.at("/Config/Image").asText());
    // Both legs are the ledger's rollbacks, requested by the drill.
    JsonNode rollbacks = json.readTree(stack.get("/api/v1/rollbacks?service=" + SERVICE).body());
    assertEquals(2, rollbacks.size(), rollbacks.toPrettyString());
    for (JsonNode rollback : rollbacks) {
      assertEquals(id, rollback.path("requestedBy").asText());
      assertEquals("SUCCEEDED", rollback.path("status").asText());
    }
    JsonNode current =
        json.readTree(
                stack
                    .get("/api/v1/services/" + SERVICE + "/environments/" + ENV + "/deployments")
                    .body())
            .get(0);
    assertEquals("v2", current.path("version").asText(), current.toPrettyString());

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (received.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(1, received.size(), received.toString());
    assertEquals("drill-result", received.get(0).path("event").asText());
    assertEquals("PASSED", received.get(0).path("status").asText());
    assertEquals(last.path("runId").asText(), received.get(0).path("rollbackId").asText());
  }

  private static JsonNode awaitRun(String id) throws Exception {
    return await(id, d -> d.at("/runs/0/outcome").asText().matches("PASSED|FAILED") ? "" : null);
  }

  /** The drill once {@code found} returns something for it. */
  private static JsonNode await(String id, Function<JsonNode, String> found) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = stack.get("/api/v1/drills/" + id);
      if (response.statusCode() == 200) {
        last = json.readTree(response.body());
        if (found.apply(last) != null) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the drill never got there: " + last);
  }
}
