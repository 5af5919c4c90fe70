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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
  // printf %s TOKEN | sha256sum, as the tokens file wants them
  private static final String DBA = "dba-token";
  private static final String MANAGER = "manager-token";
  private static final String TOKENS =
      """
      - sha256: 5681a5d0b274db9ba6728945aa8233b70e5788548edd2889b3c2596be2e7ca3b
        identity: dana
        roles: [approver:dba]
      - sha256: 3983202afa4411cda7cafc94a18aa1f6f620cfda5e9b0ab52c0f0d53a6be4315
        identity: max
        roles: [approver:manager]
      """;

  private static DevStack stack;
  private static final Map<String, Service> services = new TreeMap<>();
  private static HttpServer receiver;
  // Where escalations go, a Slack-compatible webhook and a JSON one: secrets in their paths.
  private static final String SLACK_PATH = "/services/T0/B0/" + java.util.UUID.randomUUID();
  private static final String PAGER_PATH = "/pager/" + java.util.UUID.randomUUID();
  private static final Map<String, List<String>> notifications =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** One service of the test: its own hosts directory, database cluster and backups. */
  private record Service(String name, DemoHosts demo, TargetPostgres pg, Path backups) {
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
    stack.secrets.add("dba's API token", DBA);
    stack.secrets.add("manager's API token", MANAGER);
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
    Path tokens = stack.dir.resolve("tokens.yml");
    Files.writeString(tokens, TOKENS);
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
    TargetPostgres pg = new TargetPostgres();
    pg.sql(
        "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL)",
        "INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 20000) g",
        "CREATE TABLE journal (id bigserial PRIMARY KEY, account_id bigint REFERENCES accounts,"
            + " amount numeric(12,2) NOT NULL)",
        "INSERT INTO journal (account_id, amount) SELECT 1 + g % 20000, g / 10.0"
            + " FROM generate_series(1, 50000) g");
    Path backups = Files.createDirectories(demo.root.resolve("backups"));
    Files.createDirectories(demo.root.resolve("snapshots"));
    return new Service(name, demo, pg, backups);
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
              database: { url: "%s", user: billing, passwordEnv: %s, host: local,
                          snapshotDir: "%s", backupDir: "%s",
                          verify: ["SELECT count(*) > 0 FROM accounts"] }
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
            s.pg().url(),
            TargetPostgres.PASSWORD_ENV,
            s.demo().root.resolve("snapshots"),
            s.backups());
  }

  /**
   * The pipeline's record: v1 (known good), then the backup it took just before deploying v2, and
   * v2 with that backup. After v2 the data changed.
   */
  private static void deployments(Service s) throws Exception {
    String v1 = s.demo().git("local", "rev-parse", "v1").strip();
    String v2 = s.demo().git("local", "rev-parse", "HEAD").strip();
    Path backup = s.backups().resolve("before-v2.dump");
    Processes.run(s.pg().bindir + "/pg_dump", "-Fc", "-f", backup.toString(), s.pg().conninfo());
    Files.writeString(
        Path.of(backup + ".sha256"),
        Processes.run("sha256sum", backup.toString()).split(" ")[0]
            + "  "
            + backup.getFileName()
            + "\n");
    post("/api/v1/deployments", deployment(s, "v1", v1, null));
    post("/api/v1/deployments", deployment(s, "v2", v2, backup.toString()));
    s.pg()
        .sql(
            "INSERT INTO accounts SELECT g, 'v2 account ' || g FROM generate_series(20001, 20500) g",
            "UPDATE journal SET amount = amount * 2 WHERE id % 7 = 0",
            "ALTER TABLE journal ADD COLUMN v2_note text");
  }

  private static String deployment(Service s, String version, String sha, String backup) {
    return """
        {"service": "%s", "environment": "e2e", "version": "%s", "gitSha": "%s"%s}
        """
        .formatted(
            s.name(), version, sha, backup == null ? "" : ", \"backup\": \"" + backup + "\"");
  }

  @AfterAll
  static void stopRewind() throws Exception {
    if (stack != null) {
      stack.close();
    }
    for (Service s : services.values()) {
      s.pg().close();
      s.demo().close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void runbook000RestoresTheBackupRevertsTheCodeOnceStoppedAndWatches() throws Exception {
    Service s = services.get("billing");
    Map<String, String> backupChecksums = checksumsOfBackup(s);
    long startsBefore = s.demo().starts("local");

    String id = requestRunbook000(s, 1);
    approve(id);
    JsonNode watching = await(id, r -> r.path("status").asText().equals("WATCHING"));
    assertFalse(Files.exists(s.home().resolve("MAINTENANCE")), "maintenance off after the chain");
    JsonNode end = await(id, r -> isFinal(r));

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    assertEquals(backupChecksums, checksumsOf(s.pg()), "the database equals the backup");
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
    Map<String, String> before = checksumsOf(s.pg());
    String head = s.demo().git("local", "rev-parse", "HEAD").strip();
    // A file the revert must overwrite, committed nowhere: git refuses to revert over it.
    Files.writeString(s.home().resolve("app/HEALTHY"), "local edit\n");

    String id = requestRunbook000(s, 0);
    approve(id);
    JsonNode escalated = await(id, r -> r.path("status").asText().equals("ESCALATED"));

    assertEquals(2, escalated.path("attempt").asInt(), escalated.toPrettyString());
    assertEquals(before, checksumsOf(s.pg()), "the database as it was before the rollback");
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
    approve(id);
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

  private static void approve(String id) throws Exception {
    for (String[] approver : new String[][] {{"dba", DBA}, {"manager", MANAGER}}) {
      HttpResponse<String> answer =
          stack.post(
              "/api/v1/rollbacks/" + id + "/approvals",
              "{\"kind\": \"" + approver[0] + "\"}",
              approver[1]);
      assertEquals(201, answer.statusCode(), answer.body());
    }
  }

  private static void abort(String id) throws Exception {
    HttpResponse<String> answer =
        stack.post("/api/v1/rollbacks/" + id + "/abort", "{\"reason\": \"restoring by hand\"}");
    assertEquals(202, answer.statusCode(), answer.body());
  }

  /** The backup restored into a scratch database of the same cluster: its checksums. */
  private static Map<String, String> checksumsOfBackup(Service s) throws Exception {
    s.pg()
        .superuser(
            "DROP DATABASE IF EXISTS backup_copy", "CREATE DATABASE backup_copy OWNER billing");
    String copy = s.pg().conninfo().replaceFirst("/billing$", "/backup_copy");
    Processes.run(
        s.pg().bindir + "/pg_restore",
        "--no-owner",
        "-d",
        copy,
        s.backups().resolve("before-v2.dump").toString());
    return checksums(
        DriverManager.getConnection(
            s.pg().url().replaceFirst("/billing$", "/backup_copy"),
            "billing",
            TargetPostgres.PASSWORD));
  }

  /** md5 of every table's rows, ordered. */
  private static Map<String, String> checksumsOf(TargetPostgres pg) throws Exception {
    return checksums(pg.connect());
  }

  private static Map<String, String> checksums(Connection c) throws Exception {
    Map<String, String> sums = new TreeMap<>();
    try (c;
        Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM "
                    + table
                    + " t")) {
          rs.next();
          sums.put(table, rs.getString(1));
        }
      }
    }
    return sums;
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

  private static void post(String path, String body) throws Exception {
    HttpResponse<String> answer = stack.post(path, body);
    assertTrue(
        answer.statusCode() / 100 == 2, path + " → " + answer.statusCode() + " " + answer.body());
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
