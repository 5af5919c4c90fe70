package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rewind.activities.database.TargetPostgres;
import dev.rewind.activities.host.DemoHosts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runbook 000 as one request, all real processes (a Temporal dev server, rewind-worker as control
 * and agent of host {@code local}, rewind-api with approver tokens): {@code backup-restore} then
 * {@code code-revert} on a real PostgreSQL and a real git checkout whose demo app serves its
 * health, maintenance on for the whole chain, the application stopped and started once, then the
 * watch. The same chain whose code revert fails twice is undone from Rewind's own snapshot and
 * escalates with maintenance on. A watch whose health turns bad 20 s in escalates and a real HTTP
 * receiver gets the notification.
 */
@Tag("infra")
class Runbook000EndToEndIT {
  private static final ObjectMapper json = new ObjectMapper();

  private static DevStack stack;
  private static final Map<String, Service> services = new TreeMap<>();
  private static HttpServer receiver;
  // Where escalations go, a Slack-compatible webhook and a JSON one: secrets in their paths.
  private static final String SLACK_PATH = "/services/T0/B0/" + java.util.UUID.randomUUID();
  private static final String PAGER_PATH = "/pager/" + java.util.UUID.randomUUID();
  private static final Map<String, List<String>> notifications =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** One service of the test: its own hosts directory, database cluster and backups. */
  private record Service(String name, DemoHosts demo, BackupBeforeV2 db) {
    Path home() {
      return demo.home("local");
    }

    String health() throws IOException {
      return "http://127.0.0.1:" + demo.port("local") + "/health";
    }
  }

  @BeforeAll
  static void startRewind() throws Exception {
    stack = new DevStack();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (String path : List.of(SLACK_PATH, PAGER_PATH)) {
      receiver.createContext(
          path,
          exchange -> {
            notifications
                .computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
                .add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
    }
    receiver.start();
    String slack = "http://127.0.0.1:" + receiver.getAddress().getPort() + SLACK_PATH;
    String pager = "http://127.0.0.1:" + receiver.getAddress().getPort() + PAGER_PATH;
    stack.secrets.add("Slack webhook URL", slack);
    stack.secrets.add("pager webhook URL", pager);
    stack.secrets.add("Slack webhook's path", SLACK_PATH);
    stack.secrets.add("pager webhook's path", PAGER_PATH);
    stack.secrets.add("database password", TargetPostgres.PASSWORD);
    stack.secrets.add("dba's API token", Approvers.DBA);
    stack.secrets.add("manager's API token", Approvers.MANAGER);
    StringBuilder catalog =
        new StringBuilder(
            """
            hosts:
              local: { transport: agent }
            notify:
              oncall: { kind: slack, url: "%s" }
              pager: { kind: webhook, url: "%s" }
            services:
            """
                .formatted(slack, pager));
    for (String name : List.of("billing", "payroll", "ledger")) {
      Service s = service(name);
      services.put(name, s);
      catalog.append(catalogEntry(s));
    }
    Path file = stack.dir.resolve("rewind.yml");
    Files.writeString(file, catalog);
    Path tokens = Approvers.tokensFile(stack.dir);
    stack.startTemporal();
    Map<String, String> workerEnv = new java.util.HashMap<>();
    workerEnv.put("REWIND_CATALOG", file.toString());
    workerEnv.put(TargetPostgres.PASSWORD_ENV, TargetPostgres.PASSWORD);
    stack.startWorker("worker.log", "control,agent", "local", workerEnv);
    stack.startApi(file, Map.of("REWIND_TOKENS_FILE", tokens.toString()));
    for (Service s : services.values()) {
      deployments(s);
    }
  }

  private static Service service(String name) throws Exception {
    DemoHosts demo = new DemoHosts();
    demo.deployBadVersion("local");
    return new Service(name, demo, new BackupBeforeV2(demo.root));
  }

  private static String catalogEntry(Service s) throws IOException {
    String home = s.demo().root + "/hosts/{host}";
    return """
          %s:
            e2e:
              hosts: [local]
              health: { url: "%s", expectStatus: 200, timeout: 20s, watchEverySeconds: 5, watchFailures: 2 }
              maintenance: { on: [touch, "%s/MAINTENANCE"], off: [rm, -f, "%s/MAINTENANCE"], expectStatus: 503 }
              code: { gitDir: "%s", stop: %s, start: %s }
              %s
              approvals: { required: [dba, manager] }
              escalation: { notify: [oncall, pager] }
        """
        .formatted(
            s.name(),
            s.health(),
            home,
            home,
            s.demo().gitDir(),
            yamlList(s.demo().stop()),
            yamlList(s.demo().start()),
            s.db().catalogSection("local"));
  }

  private static void deployments(Service s) throws Exception {
    s.db()
        .deploy(
            stack,
            s.name(),
            s.demo().git("local", "rev-parse", "v1").strip(),
            s.demo().git("local", "rev-parse", "HEAD").strip());
  }

  @AfterAll
  static void stopRewind() throws Exception {
    if (stack != null) {
      stack.close();
    }
    for (Service s : services.values()) {
      s.db().close();
      s.demo().close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void runbook000RestoresTheBackupRevertsTheCodeOnceStoppedAndWatches() throws Exception {
    Service s = services.get("billing");
    Map<String, String> backupChecksums = s.db().checksumsOfBackup();
    long startsBefore = s.demo().starts("local");

    String id = requestRunbook000(s, 1);
    Approvers.approve(stack, id);
    JsonNode watching = await(id, r -> r.path("status").asText().equals("WATCHING"));
    assertFalse(Files.exists(s.home().resolve("MAINTENANCE")), "maintenance off after the chain");
    JsonNode end = await(id, r -> isFinal(r));

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    assertEquals(backupChecksums, s.db().checksums(), "the database equals the backup");
    assertEquals("v1", s.demo().servedVersion("local"));
    assertEquals("v1\n", Files.readString(s.home().resolve("app/VERSION")));
    assertEquals(startsBefore + 1, s.demo().starts("local"), "started once");
    assertEquals(1, count(end, "stop service", "SUCCEEDED"), "stopped once");
    assertEquals(1, count(end, "start service", "SUCCEEDED"));
    List<String> order = names(end);
    assertTrue(order.indexOf("maintenance on") < order.indexOf("stop service"), order.toString());
    assertTrue(order.indexOf("verify maintenance") < order.indexOf("restore backup"));
    assertTrue(order.indexOf("restore backup") < order.indexOf("revert commits"));
    assertTrue(order.indexOf("start service") < order.indexOf("maintenance off"));
    assertTrue(order.indexOf("maintenance off") < order.indexOf("watch"), order.toString());
    assertTrue(end.path("watch").path("checks").asInt() >= 10, end.path("watch").toString());
    assertEquals(0, end.path("watch").path("failures").asInt());
    assertTrue(watching.path("watch").has("endsAt"));
    JsonNode current =
        json.readTree(get("/api/v1/services/billing/environments/e2e/deployments?limit=1"));
    assertEquals("v1", current.path(0).path("version").asText(), current.toString());
  }

  @Test
  void theSameChainWhoseCodeRevertFailsTwiceIsUndoneFromRewindsSnapshotAndEscalates()
      throws Exception {
    Service s = services.get("payroll");
    Map<String, String> before = s.db().checksums();
    String head = s.demo().git("local", "rev-parse", "HEAD").strip();
    // A file the revert must overwrite, committed nowhere: git refuses to revert over it.
    Files.writeString(s.home().resolve("app/HEALTHY"), "local edit\n");

    String id = requestRunbook000(s, 0);
    Approvers.approve(stack, id);
    JsonNode escalated = await(id, r -> r.path("status").asText().equals("ESCALATED"));

    assertEquals(2, escalated.path("attempt").asInt(), escalated.toPrettyString());
    assertEquals(before, s.db().checksums(), "the database as it was before the rollback");
    assertEquals(head, s.demo().git("local", "rev-parse", "HEAD").strip(), "the code as before");
    assertTrue(Files.exists(s.home().resolve("MAINTENANCE")), "maintenance stays on");
    assertEquals(2, count(escalated, "compensate: restore pre-restore snapshot", "SUCCEEDED"));
    Files.delete(s.home().resolve("app/HEALTHY"));
    abort(id);
    JsonNode end = await(id, r -> isFinal(r));
    assertEquals("ABORTED", end.path("status").asText());
    assertFalse(Files.exists(s.home().resolve("MAINTENANCE")), "maintenance off after the abort");
  }

  @Test
  void aWatchWhoseHealthTurnsBadEscalatesAndNotifies() throws Exception {
    Service s = services.get("ledger");
    String id = requestRunbook000(s, 1);
    Approvers.approve(stack, id);
    await(id, r -> r.path("status").asText().equals("WATCHING"));
    Thread.sleep(Duration.ofSeconds(20).toMillis());
    Files.writeString(s.home().resolve("SICK"), "");

    JsonNode escalated = await(id, r -> r.path("status").asText().equals("ESCALATED"));

    assertTrue(escalated.path("watch").path("consecutiveFailures").asInt() >= 2);
    assertEquals(500, escalated.path("watch").path("evidence").path(0).path("status").asInt());
    JsonNode slack = awaitNotification(SLACK_PATH, id);
    assertTrue(slack.path("text").asText().contains("WATCH FAILED"), slack.toString());
    assertEquals("header", slack.at("/blocks/0/type").asText(), slack.toString());
    JsonNode pager = awaitNotification(PAGER_PATH, id);
    assertTrue(pager.path("summary").asText().startsWith("WATCH FAILED"), pager.toString());
    assertEquals("ledger", pager.path("service").asText());
    for (String body : notifications.values().stream().flatMap(List::stream).toList()) {
      assertFalse(body.contains(SLACK_PATH) || body.contains(PAGER_PATH), body);
      assertFalse(body.contains(TargetPostgres.PASSWORD), body);
    }
    String report = get("/api/v1/rollbacks/" + id + "/report");
    assertTrue(report.contains(id), report);
    HttpResponse<String> resolved =
        stack.post("/api/v1/rollbacks/" + id + "/resolve", "{\"note\": \"cache warmed by hand\"}");
    assertEquals(202, resolved.statusCode(), resolved.body());
    JsonNode end = await(id, r -> isFinal(r));
    assertEquals("SUCCEEDED", end.path("status").asText());
    assertTrue(end.path("outcome").asText().contains("cache warmed by hand"), end.toString());
  }

  /** The first notification about rollback {@code id} the receiver got at {@code path}. */
  private static JsonNode awaitNotification(String path, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      for (String body : notifications.getOrDefault(path, List.of())) {
        if (body.contains(id)) {
          return json.readTree(body);
        }
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no notification of " + id + " at " + path + ": " + notifications);
  }

  private static String requestRunbook000(Service s, int monitorMinutes) throws Exception {
    HttpResponse<String> accepted =
        stack.post(
            "/api/v1/rollbacks",
            """
            {"service": "%s", "environment": "e2e", "strategies": ["backup-restore", "code-revert"],
             "monitorMinutes": %d, "reason": "runbook 000: v2 corrupts the journal"}
            """
                .formatted(s.name(), monitorMinutes));
    assertEquals(202, accepted.statusCode(), accepted.body());
    String id = json.readTree(accepted.body()).path("id").asText();
    await(id, r -> r.path("status").asText().equals("AWAITING_APPROVAL"));
    return id;
  }

  private static void abort(String id) throws Exception {
    HttpResponse<String> answer =
        stack.post("/api/v1/rollbacks/" + id + "/abort", "{\"reason\": \"restoring by hand\"}");
    assertEquals(202, answer.statusCode(), answer.body());
  }

  private static boolean isFinal(JsonNode rollback) {
    return List.of("SUCCEEDED", "FAILED", "ABORTED").contains(rollback.path("status").asText());
  }

  private static long count(JsonNode rollback, String step, String status) {
    long n = 0;
    for (JsonNode s : rollback.path("steps")) {
      if (s.path("name").asText().equals(step) && s.path("status").asText().equals(status)) {
        n++;
      }
    }
    return n;
  }

  private static List<String> names(JsonNode rollback) {
    List<String> names = new ArrayList<>();
    rollback.path("steps").forEach(s -> names.add(s.path("name").asText()));
    return names;
  }

  private static JsonNode await(String id, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = stack.get("/api/v1/rollbacks/" + id);
      if (response.statusCode() == 200) {
        last = json.readTree(response.body());
        if (condition.test(last)) {
          return last;
        }
      }
      Thread.sleep(300);
    }
    throw new AssertionError("rollback never reached the expected state: " + last);
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> answer = stack.get(path);
    assertEquals(200, answer.statusCode(), answer.body());
    return answer.body();
  }

  private static String yamlList(List<String> argv) {
    return "[" + String.join(", ", argv.stream().map(a -> "\"" + a + "\"").toList()) + "]";
  }
}
