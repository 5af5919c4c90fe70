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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The notifications acceptance with real processes: a real HTTP receiver (a JDK server in this
 * test) for two targets with different routes — {@code team} a Slack-kind target, {@code oncall} a
 * JSON webhook that is also the escalation target — and a third, {@code dead}, routed for every
 * event at a closed port. Every chain here needs a manager's approval. Rollback A fails validation
 * twice, escalates and is aborted; B is refused by its checks (a backup set that does not exist)
 * and fails; C succeeds; D succeeds, its watch sees the health go bad and escalates, and it is
 * still escalated when its P0 SLA (one minute in this catalog) runs out, then resolved; E is a
 * drill of the same service in staging, run now (back to v1, forward to v2), whose environment
 * announces only its result. Every event type is delivered: each live target receives exactly its
 * routed events, in order, and {@code oncall} is paged once per escalation (by the incident, not
 * also by its route); every delivery is listed among the rollback's steps; the dead target's
 * deliveries fail after Temporal's retries while no step of the rollback waits for them. D's
 * incident report carries the milestones, the approval, the config snapshot, the notifications and
 * the missed SLA. The targets' URLs are secrets of the stack: a URL in any history or api answer
 * fails it.
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
  private static final AtomicBoolean healthy = new AtomicBoolean(true);
  private static Path work;
  private static Path validFlag;

  record Received(String target, long atMillis, JsonNode body) {
    /**
     * The event: a webhook's {@code event}, {@code incident} for a declared P0 incident, or the
     * first words of a Slack message's text.
     */
    String event() {
      if (body.has("event")) {
        return body.path("event").asText();
      }
      if (body.has("notification")) {
        return "incident";
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
          byte[] answer = (healthy.get() ? "ok" : "down").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(healthy.get() ? 200 : 500, answer.length);
          exchange.getResponseBody().write(answer);
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
    // staging: the drill's environment, where only drill results are announced
    Path stagingFile = work.resolve("staging/app.conf");
    Files.createDirectories(stagingFile.getParent());
    Files.writeString(stagingFile, "mode = v2\n");
    Path stagingBackups = work.resolve("staging-backups");
    BackupSets.write(stagingBackups, "v1", Map.of(stagingFile, "mode = v1\n"));
    BackupSets.write(stagingBackups, "v2", Map.of(stagingFile, "mode = v2\n"));
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
              health: { url: "%s/health", expectStatus: 200, timeout: 5s, watchEverySeconds: 5, watchFailures: 1 }
              config: { files: ["%s"], backupDir: "%s", validate: [test, -e, "%s"], reload: ["true"] }
              approvals: { required: [manager], timeout: 10m }
              sla: { P0: 1m }
              escalation: { notify: [oncall] }
              notify:
                routes:
                  - { events: [approval-requested, started, succeeded, failed, aborted], targets: [team] }
                  - { events: [escalated, watch-alert, sla-breached, failed], targets: [oncall] }
                  - events: [approval-requested, started, succeeded, failed, aborted, escalated, watch-alert, sla-breached]
                    targets: [dead]
            staging:
              hosts: [local]
              health: { url: "%s/health", expectStatus: 200, timeout: 5s }
              config: { files: ["%s"], backupDir: "%s", validate: ["true"], reload: ["true"] }
              escalation: { notify: [] }
              notify:
                routes:
                  - { events: [drill-result], targets: [oncall, dead] }
        """
            .formatted(
                base,
                TEAM,
                base,
                ONCALL,
                deadBase,
                DEAD,
                base,
                file,
                backups,
                validFlag,
                base,
                stagingFile,
                stagingBackups));
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

    // A: validation fails twice, escalated, aborted by an operator
    String failing = startApproved("");
    awaitStatus(failing, "ESCALATED");
    HttpResponse<String> aborted =
        stack.post(
            "/api/v1/rollbacks/" + failing + "/abort",
            "{\"reason\": \"the validator refuses v1 here; fixing by hand\"}");
    assertEquals(202, aborted.statusCode(), aborted.body());
    awaitStatus(failing, "ABORTED");

    // B: refused by its checks before anything changed (and before the approvals): FAILED
    String refused = startRollback(", \"configBackup\": \"v0\"");
    JsonNode b = awaitStatus(refused, "FAILED");
    assertTrue(b.path("outcome").asText().contains("backup set v0"), b.toString());

    // C: succeeds while the dead target is being retried
    Files.writeString(validFlag, "");
    String passing = startApproved("");
    awaitStatus(passing, "SUCCEEDED");

    // D: P0 with a one-minute SLA; the watch fails and escalates; resolved once the SLA is missed
    HttpResponse<String> redeployed =
        stack.post(
            "/api/v1/deployments",
            "{\"service\": \"web\", \"environment\": \"prod\", \"version\": \"v3\"}");
    assertEquals(201, redeployed.statusCode(), redeployed.body());
    String watched =
        startApproved(", \"targetVersion\": \"v1\", \"severity\": \"P0\", \"monitorMinutes\": 5");
    awaitStatus(watched, "WATCHING");
    healthy.set(false);
    awaitStatus(watched, "ESCALATED");
    JsonNode breached = awaitStep(watched, SLA_BREACHED, 90_000);
    HttpResponse<String> resolved =
        stack.post(
            "/api/v1/rollbacks/" + watched + "/resolve",
            "{\"note\": \"the health check's dependency was restarted by hand\"}");
    assertEquals(202, resolved.statusCode(), resolved.body());
    healthy.set(true);
    awaitStatus(watched, "SUCCEEDED");

    // E: a drill in staging, run now: back to v1 and forward to v2 again, its result announced
    String drillRun = runDrill();

    List<Received> team = awaitReceived("team", 10);
    List<Received> oncall = awaitReceived("oncall", 6);
    assertEquals(
        List.of(
            failing + " approval-requested",
            failing + " started",
            failing + " aborted",
            refused + " failed",
            passing + " approval-requested",
            passing + " started",
            passing + " succeeded",
            watched + " approval-requested",
            watched + " started",
            watched + " succeeded"),
        describe(team));
    // the incident and the routed notices travel apart: in order among themselves
    assertEquals(
        List.of(
            refused + " failed",
            watched + " watch-alert",
            watched + " sla-breached",
            drillRun + " drill-result"),
        describe(oncall).stream().filter(e -> !e.endsWith(" incident")).toList());
    // paged once per escalation: by the incident, not again by the route for escalated
    assertEquals(
        List.of(failing + " incident", watched + " incident"),
        describe(oncall).stream().filter(e -> e.endsWith(" incident")).toList());
    assertTrue(team.get(0).body().has("blocks"), "a Slack target gets blocks");
    Received alert = oncall.stream().filter(r -> r.event().equals("watch-alert")).findFirst().get();
    assertEquals("web", alert.body().path("service").asText());
    assertEquals("/api/v1/rollbacks/" + watched, alert.body().path("link").asText());
    Received approval = team.get(0);
    assertTrue(
        approval.body().toString().contains("/api/v1/rollbacks/" + failing + "/approvals"),
        "the approvers get the link: " + approval.body());

    // the dead target was told of every event and failed each time, without delaying a step
    JsonNode cFinal = awaitDelivered(passing, "notify started", "dead");
    List<JsonNode> own = steps(cFinal, false);
    long ownSpan = ended(own.get(own.size() - 1)) - started(own.get(0));
    JsonNode deadStarted = notifyStep(cFinal, "notify started", "dead");
    assertEquals("FAILED", deadStarted.path("status").asText(), deadStarted.toString());
    long deadSpan = ended(deadStarted) - started(deadStarted);
    assertTrue(deadSpan >= 7_000, "retried with backoff: " + deadStarted);
    assertTrue(
        ended(own.get(own.size() - 1)) < ended(deadStarted),
        "the rollback's steps ended before the dead target gave up: " + cFinal.toPrettyString());
    assertTrue(ownSpan < 15_000, "C's steps took " + ownSpan + " ms: " + cFinal.toPrettyString());
    assertEquals("SUCCEEDED", notifyStep(cFinal, "notify started", "team").path("status").asText());
    Map<String, String> deadEvents =
        Map.of(
            failing, "notify escalated",
            refused, "notify failed",
            watched, "notify sla-breached");
    for (Map.Entry<String, String> e : deadEvents.entrySet()) {
      JsonNode rollback = awaitDelivered(e.getKey(), e.getValue(), "dead");
      assertEquals("FAILED", notifyStep(rollback, e.getValue(), "dead").path("status").asText());
    }
    JsonNode dFinal = awaitDelivered(watched, "notify watch-alert", "dead");
    assertEquals(
        "FAILED", notifyStep(dFinal, "notify watch-alert", "dead").path("status").asText());

    // D's report: the milestones, the approval, the snapshot, the notifications, the missed SLA
    String report = stack.get("/api/v1/rollbacks/" + watched + "/report").body();
    for (String milestone :
        List.of(
            "Detected (request)",
            "Rollback started",
            "Rollback completed",
            "Verified",
            "Watch ended")) {
      assertTrue(
          report.matches(
              "(?s).*\\| " + java.util.regex.Pattern.quote(milestone) + " \\| \\d{4}-.*"),
          milestone + " has a time: " + report);
    }
    assertTrue(report.contains("- manager: **dev** at "), report);
    assertTrue(report.contains("- config files (local: current files): snapshot "), report);
    assertTrue(report.contains("| watch-alert | oncall |"), report);
    assertTrue(report.contains("| sla-breached | oncall | "), report);
    assertTrue(report.contains("| approval-requested | team |"), report);
    assertTrue(report.contains("P0: 1 minute from the detection — **missed**."), report);
    assertTrue(report.contains(" after the detection."), report);
    assertTrue(breached.toString().contains("P0 SLA of 1 min"), breached.toString());
  }

  private static final String SLA_BREACHED = "SLA breached";

  /** A drill of web in staging, run now; its run's id once it PASSED. */
  private static String runDrill() throws Exception {
    for (String version : List.of("v1", "v2")) {
      HttpResponse<String> recorded =
          stack.post(
              "/api/v1/deployments",
              "{\"service\": \"web\", \"environment\": \"staging\", \"version\": \""
                  + version
                  + "\"}");
      assertEquals(201, recorded.statusCode(), recorded.body());
    }
    HttpResponse<String> created =
        stack.post(
            "/api/v1/drills",
            """
            {"service": "web", "environment": "staging", "strategies": ["config-restore"],
             "every": "90d", "severity": "P2"}
            """);
    assertEquals(201, created.statusCode(), created.body());
    String id = json.readTree(created.body()).path("id").asText();
    HttpResponse<String> run = stack.post("/api/v1/drills/" + id + "/run", "");
    assertEquals(202, run.statusCode(), run.body());
    long deadline = System.currentTimeMillis() + 120_000;
    JsonNode drill = null;
    while (System.currentTimeMillis() < deadline) {
      drill = json.readTree(stack.get("/api/v1/drills/" + id).body());
      if (drill.at("/runs/0/outcome").asText().matches("PASSED|FAILED")) {
        break;
      }
      Thread.sleep(250);
    }
    assertEquals("PASSED", drill.at("/runs/0/outcome").asText(), String.valueOf(drill));
    return drill.at("/runs/0/runId").asText();
  }

  /** A rollback whose manager approval was given as soon as it was asked for. */
  private static String startApproved(String fields) throws Exception {
    String id = startRollback(fields);
    awaitStatus(id, "AWAITING_APPROVAL");
    HttpResponse<String> approved =
        stack.post("/api/v1/rollbacks/" + id + "/approvals", "{\"kind\": \"manager\"}");
    assertEquals(201, approved.statusCode(), approved.body());
    return id;
  }

  /** The rollback once a step named {@code name} is among its steps. */
  private static JsonNode awaitStep(String id, String name, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      JsonNode rollback = json.readTree(stack.get("/api/v1/rollbacks/" + id).body());
      for (JsonNode step : rollback.path("steps")) {
        if (step.path("name").asText().equals(name)) {
          return step;
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no step " + name + ": " + rollback.toPrettyString());
      }
      Thread.sleep(500);
    }
  }

  private static String startRollback(String fields) throws Exception {
    HttpResponse<String> accepted =
        stack.post(
            "/api/v1/rollbacks",
            """
            {"service": "web", "environment": "prod", "strategy": "config-restore",
             "reason": "the site answers 502 since v2"%s}
            """
                .formatted(fields));
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
