package dev.rewind.worker.e2e;

import dev.rewind.workflows.codec.TemporalConnection;
import dev.rewind.workflows.codec.TemporalSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rewind as a user runs it, in real processes: a Temporal dev server of the test's own (fresh
 * SQLite file, free ports, so a running dev stack is not disturbed), rewind-worker and rewind-api
 * from the jars the build just made, encrypting payloads with a key file of the stack's own as in
 * production.
 *
 * <p>The stack knows the {@link #secrets} of its test, and {@link #close} fails the test class when
 * one of them is found in the raw history of any workflow its Temporal holds or in any answer the
 * api gave, or when a payload Rewind should have encrypted is plaintext; where the api runs, it
 * also checks that its codec endpoint decodes the histories back into the rollbacks' steps ({@link
 * HistoryScan}).
 */
final class DevStack implements AutoCloseable, RewindApi {
  static final String[] SEARCH_ATTRIBUTES = {
    "RewindService", "RewindEnvironment", "RewindStrategy", "RewindStatus"
  };

  final Path root = Path.of(System.getProperty("rewind.root", "..")).toAbsolutePath().normalize();
  final Path dir;

  /**
   * The catalog every process of the stack reads ({@code REWIND_CATALOG}): the api plans from it,
   * the workers resolve targets from it and refuse plans made from another. Tests write it before
   * they start a worker.
   */
  final Path catalog;

  final String token = UUID.randomUUID().toString();

  /** What must never reach a workflow history or an api answer; tests add theirs. */
  final StackSecrets secrets = new StackSecrets();

  /** The payload keys of every process of the stack ({@code REWIND_CODEC_KEYS}, mode 600). */
  final Path codecKeys;

  final int temporalPort;
  final int apiPort;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process temporal;
  private Process worker;
  private Process api;
  private final java.util.List<Process> workers = new java.util.ArrayList<>();

  DevStack() throws IOException {
    dir = Files.createTempDirectory("rewind-e2e-");
    catalog = dir.resolve("rewind.yml");
    codecKeys = secrets.newCodecKeyFile(dir);
    secrets.add("API token", token);
    temporalPort = Processes.freePort();
    apiPort = Processes.freePort();
  }

  /** {@code env} with this stack's payload keys, as every process of the stack runs. */
  private Map<String, String> withCodecKeys(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("REWIND_CODEC_KEYS", codecKeys.toString());
    return all;
  }

  /**
   * A client of the stack's Temporal that encrypts and decrypts payloads as the api and the workers
   * do, for tests that start workflows or run activities themselves.
   */
  WorkflowClient client(WorkflowServiceStubs stubs) {
    TemporalSettings settings =
        TemporalSettings.of(temporalAddress(), "default", codecKeys.toString(), null, null, null);
    return TemporalConnection.client(stubs, settings, null);
  }

  String temporalAddress() {
    return "127.0.0.1:" + temporalPort;
  }

  void startTemporal() throws Exception {
    var command =
        new java.util.ArrayList<>(
            java.util.List.of(
                Processes.temporalBinary(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                String.valueOf(temporalPort),
                "--headless",
                "--db-filename",
                dir.resolve("temporal.db").toString(),
                "--log-level",
                "warn"));
    for (String attribute : SEARCH_ATTRIBUTES) {
      command.add("--search-attribute");
      command.add(attribute + "=Keyword");
    }
    temporal =
        Processes.start(dir.resolve("temporal.log"), Map.of(), command.toArray(String[]::new));
    awaitUp(
        "temporal",
        () ->
            Processes.exitCode(
                    Processes.temporalBinary(),
                    "operator",
                    "cluster",
                    "health",
                    "--address",
                    temporalAddress())
                == 0);
  }

  /** SIGKILLs the Temporal server; {@link #startTemporal} brings it back on the same database. */
  void killTemporal() throws InterruptedException {
    Processes.sigkill(temporal);
  }

  void startWorker() throws IOException {
    worker =
        Processes.start(
            dir.resolve("worker.log"),
            withCodecKeys(
                Map.of(
                    "REWIND_TEMPORAL_ADDRESS", temporalAddress(),
                    "REWIND_HOST", "local",
                    "REWIND_CATALOG", catalog.toString())),
            "java",
            "-jar",
            root.resolve("worker/target/rewind-worker.jar").toString());
  }

  /** Starts one more worker process with its own roles and host, e.g. an agent for host "a". */
  Process startWorker(String log, String roles, String host) throws IOException {
    return startWorker(log, roles, host, Map.of());
  }

  /** Like {@link #startWorker(String, String, String)}, with more environment, e.g. a password. */
  Process startWorker(String log, String roles, String host, Map<String, String> extraEnv)
      throws IOException {
    Map<String, String> env = withCodecKeys(extraEnv);
    env.put("REWIND_TEMPORAL_ADDRESS", temporalAddress());
    env.put("REWIND_ROLES", roles);
    env.put("REWIND_HOST", host);
    env.put("REWIND_CATALOG", catalog.toString());
    Process process =
        Processes.start(
            dir.resolve(log),
            env,
            "java",
            "-jar",
            root.resolve("worker/target/rewind-worker.jar").toString());
    workers.add(process);
    return process;
  }

  boolean workerAlive() {
    return worker != null && worker.isAlive();
  }

  void killWorker() throws InterruptedException {
    Processes.sigkill(worker);
  }

  /**
   * Starts rewind-api on {@code catalog}: the workers' one ({@link #catalog}) unless a test means
   * otherwise.
   */
  void startApi(Path catalog) throws Exception {
    startApi(catalog, Map.of());
  }

  /** Starts the api with more environment, e.g. {@code REWIND_TOKENS_FILE}. */
  void startApi(Path catalog, Map<String, String> extraEnv) throws Exception {
    startApi(catalog, extraEnv, "/actuator/health");
  }

  /**
   * Starts the api and waits until {@code probe} answers 200: {@code /actuator/health/liveness} for
   * an api started while Temporal is down (it is alive, not ready).
   */
  void startApi(Path catalog, Map<String, String> extraEnv, String probe) throws Exception {
    Map<String, String> env = withCodecKeys(extraEnv);
    env.put("REWIND_TEMPORAL_ADDRESS", temporalAddress());
    env.put("REWIND_CATALOG", catalog.toString());
    env.put("SPRING_PROFILES_ACTIVE", "dev"); // the api accepts REWIND_DEV_TOKEN in it only
    env.put("REWIND_DEV_TOKEN", token);
    env.put("SERVER_PORT", String.valueOf(apiPort));
    api =
        Processes.start(
            dir.resolve("api.log"),
            env,
            "java",
            "-jar",
            root.resolve("api/target/rewind-api.jar").toString());
    awaitUp("rewind-api", () -> get(probe).statusCode() == 200);
  }

  /** Stops the api (SIGTERM, graceful); {@link #startApi} starts it again on the same database. */
  void stopApi() throws InterruptedException {
    stop(api);
  }

  @Override
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return secrets.kept(
        http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
  }

  @Override
  public HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return secrets.kept(
        http.send(
            request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString()));
  }

  /** A POST with another token than the dev one (an approver's). */
  @Override
  public HttpResponse<String> post(String path, String json, String bearer)
      throws IOException, InterruptedException {
    return secrets.kept(
        http.send(
            request(path, bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString()));
  }

  private HttpRequest.Builder request(String path) {
    return request(path, token);
  }

  private HttpRequest.Builder request(String path, String bearer) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
        .timeout(Duration.ofSeconds(70))
        .header("Authorization", "Bearer " + bearer);
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private void awaitUp(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (check.ok()) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(what + " did not come up; logs in " + dir);
  }

  /**
   * Stops the stack. The workers stop first, so no history grows while it is read; then every
   * history and api answer is searched for the test's secrets while Temporal and the api still run;
   * then the api and Temporal stop. Fails, once everything is stopped, naming each secret found and
   * where (never its value).
   */
  @Override
  public void close() throws Exception {
    for (Process process : workers) {
      stop(process);
    }
    stop(worker);
    List<String> problems = new ArrayList<>();
    try {
      problems.addAll(scanForSecrets());
    } finally {
      stop(api);
      stop(temporal);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(
          problems.size()
              + " secret(s) or plaintext payload(s) where none may be (logs in "
              + dir
              + "):\n  "
              + String.join("\n  ", problems));
    }
  }

  private List<String> scanForSecrets() throws Exception {
    if (temporal == null) {
      return List.of();
    }
    if (!temporal.isAlive()) {
      return List.of("Temporal is not running: its histories were not scanned");
    }
    HistoryScan scan = new HistoryScan(temporalAddress(), secrets.values());
    List<String> problems = new ArrayList<>(scan.scan());
    problems.addAll(secrets.inAnswers());
    if (api != null && api.isAlive()) {
      problems.addAll(scan.decodesToSteps("http://127.0.0.1:" + apiPort + "/codec", token));
    }
    System.out.println("history scan of " + dir.getFileName() + ": " + scan.summary());
    return problems;
  }

  private static void stop(Process process) throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
  }
}
