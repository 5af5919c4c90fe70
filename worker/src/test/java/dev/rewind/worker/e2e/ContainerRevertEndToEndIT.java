package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rewind's core promise, with real processes: a pipeline asks the api for a container-revert, the
 * worker is killed with SIGKILL while the rollback waits for health, a new worker takes over, and
 * the rollback still ends SUCCEEDED with the container recreated exactly once.
 */
@Tag("infra")
class ContainerRevertEndToEndIT {
  private static final Duration ROLLBACK_WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper json = new ObjectMapper();
  private static final String SERVICE = "e2e-web";
  // The container's env file: Rewind re-creates the container with it and records none of it.
  private static final String SECRET_TOKEN = "s3cret-" + java.util.UUID.randomUUID();
  private static final String ENV_FILE =
      "SECRET_TOKEN="
          + SECRET_TOKEN
          + "\nPAYMENTS_API_KEY=pk-"
          + java.util.UUID.randomUUID()
          + "\n";
  private static Path envFile;
  private static DevStack stack;
  private static HealthGate gate;
  private static String container;
  private static int appPort;

  @BeforeAll
  static void startRewind() throws Exception {
    stack = new DevStack();
    envFile = Files.writeString(stack.dir.resolve("app.env"), ENV_FILE);
    stack.secrets.addEnvFile("the container's env file", envFile);
    container = "rewind-e2e-" + stack.apiPort;
    appPort = Processes.freePort();
    gate = new HealthGate("http://127.0.0.1:" + appPort + "/health");
    Path catalog = stack.dir.resolve("rewind.yml");
    Files.writeString(
        catalog,
        """
        hosts:
          local: { transport: agent }
        services:
          %s:
            e2e:
              hosts: [local]
              health: { url: "%s", expectStatus: 200, timeout: 60s }
              container: { name: %s, image: app, dockerHost: "unix:///var/run/docker.sock" }
              escalation: { notify: [] }
        """
            .formatted(SERVICE, gate.url(), container));
    stack.startTemporal();
    stack.startWorker();
    stack.startApi(catalog);
  }

  @AfterAll
  static void stopRewind() throws Exception {
    Processes.exitCode("docker", "rm", "-f", container);
    if (gate != null) {
      gate.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void workerKilledDuringTheHealthWaitStillEndsSucceededWithOneRecreate() throws Exception {
    gate.hold();
    deployBadVersion();
    String since = Processes.run("date", "+%s").trim();
    String id = requestRollback();

    stack.awaitRollback(
        id, ROLLBACK_WAIT, r -> r.path("currentStep").asText().startsWith("wait healthy"));
    stack.killWorker();
    stack.startWorker();
    gate.open();
    JsonNode end =
        stack.awaitRollback(
            id,
            ROLLBACK_WAIT,
            r -> r.path("status").asText().matches("SUCCEEDED|FAILED|ABORTED|ESCALATED"));

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    JsonNode now = inspect(container);
    assertEquals("app:v1", now.at("/Config/Image").asText());
    String env = now.at("/Config/Env").toString();
    assertTrue(env.contains("GREETING=hello") && env.contains("SECRET_TOKEN=" + SECRET_TOKEN), env);
    assertTrue(env.contains("APP_VERSION=v1") && !env.contains("APP_VERSION=v2"), env);
    assertEquals("payments", now.at("/Config/Labels/team").asText());
    assertEquals("unless-stopped", now.at("/HostConfig/RestartPolicy/Name").asText());
    assertEquals(
        String.valueOf(appPort), now.at("/HostConfig/PortBindings/8080~1tcp/0/HostPort").asText());
    String mounts = now.path("Mounts").toString();
    assertTrue(mounts.contains(container + "-data") && mounts.contains("/cfg"), mounts);
    assertEquals(200, httpStatus("http://127.0.0.1:" + appPort + "/health"));
    assertEquals(
        "", Processes.run("docker", "ps", "-aq", "--filter", "name=" + container + "-rewind"));
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
            "--filter",
            "image=app:v1",
            "--format",
            "{{.Actor.Attributes.name}}");
    assertEquals(1, creates.lines().filter(container::equals).count(), creates);

    String listed =
        Processes.run(
            Processes.temporalBinary(),
            "workflow",
            "list",
            "--address",
            stack.temporalAddress(),
            "--query",
            "RewindService='" + SERVICE + "'",
            "-o",
            "json");
    assertTrue(listed.contains(id), listed);
    String described =
        Processes.run(
            Processes.temporalBinary(),
            "workflow",
            "describe",
            "--address",
            stack.temporalAddress(),
            "-w",
            id);
    assertTrue(described.contains("container-revert " + SERVICE + " e2e v2 → v1"), described);

    // The api's own worker ran the ledger activities: the ledger and the registry know the end.
    JsonNode ledger = awaitLedger(id);
    assertEquals("SUCCEEDED", ledger.path("status").asText(), ledger.toPrettyString());
    JsonNode current =
        json.readTree(
                stack
                    .get("/api/v1/services/" + SERVICE + "/environments/e2e/deployments?limit=1")
                    .body())
            .get(0);
    assertEquals("v1", current.path("version").asText(), current.toPrettyString());
    assertEquals(id, current.path("rollbackId").asText());
  }

  private JsonNode awaitLedger(String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode entry :
          json.readTree(stack.get("/api/v1/rollbacks?service=" + SERVICE).body())) {
        if (entry.path("id").asText().equals(id) && !entry.path("finishedAt").isNull()) {
          return entry;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the ledger never recorded the end of " + id);
  }

  @Test
  void temporalServerKilledDuringTheHealthWaitResumesAndSucceeds() throws Exception {
    gate.hold();
    deployBadVersion();
    String id = requestRollback();

    stack.awaitRollback(
        id, ROLLBACK_WAIT, r -> r.path("currentStep").asText().startsWith("wait healthy"));
    stack.killTemporal();
    stack.startTemporal();
    gate.open();
    JsonNode end =
        stack.awaitRollback(
            id,
            ROLLBACK_WAIT,
            r -> r.path("status").asText().matches("SUCCEEDED|FAILED|ABORTED|ESCALATED"));

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    assertEquals("app:v1", inspect(container).at("/Config/Image").asText());
    assertEquals(200, httpStatus("http://127.0.0.1:" + appPort + "/health"));
    assertEquals(
        "", Processes.run("docker", "ps", "-aq", "--filter", "name=" + container + "-rewind"));
  }

  /**
   * Issue 13: a worker and an api started while Temporal is down wait instead of exiting: the
   * worker says so in its log, the api is alive but not ready. Once Temporal is back both recover
   * by themselves (the api's ledger worker too) and a rollback requested then succeeds.
   */
  @Test
  void workerAndApiStartedWhileTemporalIsDownRecoverOnceItIsBack() throws Exception {
    stack.killWorker();
    stack.stopApi();
    stack.killTemporal();
    Path log = stack.dir.resolve("worker.log");
    long retriesBefore = retries(log);
    stack.startWorker();
    stack.startApi(stack.catalog, Map.of(), "/actuator/health/liveness");
    assertEquals(503, stack.get("/actuator/health/readiness").statusCode());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (retries(log) < retriesBefore + 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(retries(log) >= retriesBefore + 2, "the worker never said it retries: " + log);
    assertTrue(stack.workerAlive(), "the worker exited while Temporal was down");

    stack.startTemporal();
    long ready = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (stack.get("/actuator/health/readiness").statusCode() != 200) {
      assertTrue(System.nanoTime() < ready, "the api never became ready once Temporal was back");
      Thread.sleep(200);
    }
    gate.open();
    deployBadVersion();
    String id = requestRollback();
    JsonNode end =
        stack.awaitRollback(
            id,
            ROLLBACK_WAIT,
            r -> r.path("status").asText().matches("SUCCEEDED|FAILED|ABORTED|ESCALATED"));

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    assertEquals("app:v1", inspect(container).at("/Config/Image").asText());
    assertTrue(Files.readString(log).contains("answers: polling after"), "no recovery in " + log);
  }

  private static long retries(Path log) throws Exception {
    if (!Files.exists(log)) {
      return 0;
    }
    return Files.readAllLines(log).stream().filter(l -> l.contains("is not reachable")).count();
  }

  /** The pipeline deployed v2, which answers 404 on /health. */
  private static void deployBadVersion() throws Exception {
    Path config = Files.createDirectories(stack.dir.resolve("cfg"));
    Processes.exitCode("docker", "rm", "-f", container);
    Processes.run(
        "docker",
        "run",
        "-d",
        "--name",
        container,
        "-p",
        "127.0.0.1:" + appPort + ":8080",
        "-e",
        "GREETING=hello",
        "--env-file",
        envFile.toString(),
        "--label",
        "team=payments",
        "--restart",
        "unless-stopped",
        "-v",
        container + "-data:/data",
        "-v",
        config + ":/cfg:ro",
        "app:v2");
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
    String id = json.readTree(accepted.body()).path("id").asText();
    return id;
  }

  private static JsonNode inspect(String name) throws Exception {
    return json.readTree(Processes.run("docker", "inspect", name)).get(0);
  }

  private static int httpStatus(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
