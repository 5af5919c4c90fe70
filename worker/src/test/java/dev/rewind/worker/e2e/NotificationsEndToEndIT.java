package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rewind.activities.config.BackupSets;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The notifications acceptance with real processes: a real HTTP receiver (a JDK server in this
 * test) for two targets with different routes — {@code team} a Slack-kind target, {@code oncall} a
 * JSON webhook — and a third, {@code dead}, routed for every event at a closed port. Rollback A
 * fails validation twice, escalates and is aborted by an operator; rollback B succeeds. Each live
 * target must receive exactly its routed events, in order; every delivery is listed among the
 * rollback's steps; the dead target's deliveries fail after Temporal's retries while no step of the
 * rollback waits for them. The targets' URLs are secrets of the stack: a URL in any history or api
 * answer fails it.
 */
@Tag("infra")
class NotificationsEndToEndIT {
  private static final ObjectMapper json = new ObjectMapper();
  private static final String TEAM = "team-" + UUID.randomUUID();
  private static final String ONCALL = "oncall-" + UUID.randomUUID();
  private static final String DEAD = "dead-" + UUID.randomUUID();

  private static DevStack stack;
  private static HttpServer receiver;
  private static final List<Received> received = new ArrayList<>();
  private static Path work;
  private static Path validFlag;

  record Received(String target, long atMillis, JsonNode body) {
    /** The event: a webhook's {@code event}, or the first words of a Slack message's text. */
    String event() {
      if (body.has("event")) {
        return body.path("event").asText();
      }
      String text = body.path("text").asText();
      return text.substring("Rollback ".length(), text.indexOf(':'));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    stack = new DevStack();
    work = Files.createTempDirectory("rewind-e2e-notify-");
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String target : List.of(TEAM, ONCALL)) {
      receiver.createContext(
          "/hooks/" + target,
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (received) {
              received.add(
                  new Received(
                      target.substring(0, target.indexOf('-')),
                      System.currentTimeMillis(),
                      json.readTree(body)));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
    }
    receiver.createContext(
        "/health",
        exchange -> {
          byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    receiver.start();
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    String deadBase = "http://127.0.0.1:" + Processes.freePort();
    for (String target : List.of(TEAM, ONCALL, DEAD)) {
      stack.secrets.add("the " + target + " webhook path", target);
    }
    Path file = work.resolve("app/app.conf");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "mode = broken\n");
    Path backups = work.resolve("backups");
    BackupSets.write(backups, "v1", Map.of(file, "mode = stable\n"));
    validFlag = work.resolve("valid");
    Files.writeString(
        stack.catalog,
        """
        hosts:
          local: { transport: agent }
        notify:
          team: { kind: slack, url: "%s/hooks/%s" }
          oncall: { kind: webhook, url: "%s/hooks/%s" }
          dead: { kind: webhook, url: "%s/hooks/%s" }
        services:
          web:
            prod:
              hosts: [local]
              health: { url: "%s/health", expectStatus: 200, timeout: 5s }
              config: { files: ["%s"], backupDir: "%s", validate: [test, -e, "%s"], reload: ["true"] }
              notify:
                routes:
                  - { events: [started, succeeded, aborted], targets: [team] }
                  - { events: [escalated, aborted], targets: [oncall] }
                  - { events: [started, escalated, succeeded, aborted], targets: [dead] }
        """
            .formatted(base, TEAM, base, ONCALL, deadBase, DEAD, base, file, backups, validFlag));
    stack.startTemporal();
    stack.startWorker();
    stack.startApi(stack.catalog);
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close(); // fails if a webhook path is in a history or an answer
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void everyEventReachesOnlyItsRoutedTargetsInOrderAndADeadReceiverDelaysNoStep() throws Exception {
    for (String version : List.of("v1", "v2")) {
      HttpResponse<String> recorded =
          stack.post(
              "/api/v1/deployments",
              "{\"service\": \"web\", \"environment\": \"prod\", \"version\": \""
                  + version
                  + "\"}");
      assertEquals(201, recorded.statusCode(), recorded.body());
    }

    String failing = startRollback();
    JsonNode escalated = awaitStatus(failing, "ESCALATED");
    HttpResponse<String> aborted =
        stack.post(
            "/api/v1/rollbacks/" + failing + "/abort",
            "{\"reason\": \"the validator refuses v1 here; fixing by hand\"}");
    assertEquals(202, aborted.statusCode(), aborted.body());
    JsonNode a = awaitStatus(failing, "ABORTED");

    Files.writeString(validFlag, "");
    String passing = startRollback();
    JsonNode b = awaitStatus(passing, "SUCCEEDED");

    List<Received> team = awaitReceived("team", 4);
    List<Received> oncall = awaitReceived("oncall", 2);
    assertEquals(
        List.of(
            failing + " started",
            failing + " aborted",
            passing + " started",
            passing + " succeeded"),
        describe(team));
    assertEquals(List.of(failing + " escalated", failing + " aborted"), describe(oncall));
    assertTrue(team.get(0).body().has("blocks"), "a Slack target gets blocks");
    assertEquals("web", oncall.get(0).body().path("service").asText());
    assertEquals("/api/v1/rollbacks/" + failing, oncall.get(0).body().path("link").asText());

    // B's own steps ran back to back although the dead receiver was still being retried.
    JsonNode bFinal = awaitDelivered(passing, "notify started", "dead");
    List<JsonNode> own = steps(bFinal, false);
    long ownSpan = ended(own.get(own.size() - 1)) - started(own.get(0));
    JsonNode deadStarted = notifyStep(bFinal, "notify started", "dead");
    assertEquals("FAILED", deadStarted.path("status").asText(), deadStarted.toString());
    long deadSpan = ended(deadStarted) - started(deadStarted);
    assertTrue(deadSpan >= 7_000, "retried with backoff: " + deadStarted);
    assertTrue(
        ended(own.get(own.size() - 1)) < ended(deadStarted),
        "the rollback's steps ended before the dead target gave up: " + bFinal.toPrettyString());
    assertTrue(ownSpan < 15_000, "B's steps took " + ownSpan + " ms: " + bFinal.toPrettyString());
    assertEquals("SUCCEEDED", notifyStep(bFinal, "notify started", "team").path("status").asText());
    String report = stack.get("/api/v1/rollbacks/" + passing + "/report").body();
    assertTrue(report.contains("## Notifications"), report);
    assertTrue(report.contains("| started | team |"), report);
    assertTrue(escalated.toString().contains("ESCALATED"));
    assertTrue(a.path("steps").size() > 0);
    assertTrue(b.path("steps").size() > 0);
  }

  private static String startRollback() throws Exception {
    HttpResponse<String> accepted =
        stack.post(
            "/api/v1/rollbacks",
            """
            {"service": "web", "environment": "prod", "strategy": "config-restore",
             "reason": "the site answers 502 since v2"}
            """);
    assertEquals(202, accepted.statusCode(), accepted.body());
    return json.readTree(accepted.body()).path("id").asText();
  }

  private static JsonNode awaitStatus(String id, String status) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    JsonNode rollback = null;
    while (System.currentTimeMillis() < deadline) {
      rollback = json.readTree(stack.get("/api/v1/rollbacks/" + id).body());
      if (rollback.path("status").asText().equals(status)) {
        return rollback;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not " + status + ": " + rollback);
  }

  /** The rollback once its delivery {@code name} to {@code target} has ended, however it ended. */
  private static JsonNode awaitDelivered(String id, String name, String target) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      JsonNode rollback = json.readTree(stack.get("/api/v1/rollbacks/" + id).body());
      for (JsonNode step : steps(rollback, true)) {
        if (step.path("name").asText().equals(name)
            && step.path("target").asText().equals(target)
            && step.hasNonNull("endedAt")) {
          return rollback;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no ended " + name + " → " + target + ": " + rollback);
      }
      Thread.sleep(500);
    }
  }

  private static List<Received> awaitReceived(String target, int count) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      List<Received> got;
      synchronized (received) {
        got = received.stream().filter(r -> r.target().equals(target)).toList();
      }
      if (got.size() >= count || System.currentTimeMillis() > deadline) {
        Thread.sleep(1_000); // nothing more may arrive: a later extra would be a routing error
        synchronized (received) {
          return received.stream().filter(r -> r.target().equals(target)).toList();
        }
      }
      Thread.sleep(200);
    }
  }

  private static List<String> describe(List<Received> got) {
    return got.stream().map(r -> rollbackId(r) + " " + r.event()).toList();
  }

  private static String rollbackId(Received r) {
    if (r.body().has("rollbackId")) {
      return r.body().path("rollbackId").asText();
    }
    String text = r.body().path("text").asText();
    int at = text.indexOf("rollback ") + "rollback ".length();
    int end = text.indexOf(' ', at);
    return end < 0 ? text.substring(at) : text.substring(at, end);
  }

  private static List<JsonNode> steps(JsonNode rollback, boolean notifications) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode step : rollback.path("steps")) {
      if (step.path("name").asText().startsWith("notify ") == notifications) {
        found.add(step);
      }
    }
    return found;
  }

  private static JsonNode notifyStep(JsonNode rollback, String name, String target) {
    for (JsonNode step : steps(rollback, true)) {
      if (step.path("name").asText().equals(name) && step.path("target").asText().equals(target)) {
        return step;
      }
    }
    throw new AssertionError("no step " + name + " → " + target + ": " + rollback.toPrettyString());
  }

  private static long started(JsonNode step) {
    return java.time.Instant.parse(step.path("startedAt").asText()).toEpochMilli();
  }

  private static long ended(JsonNode step) {
    return java.time.Instant.parse(step.path("endedAt").asText()).toEpochMilli();
  }
}
