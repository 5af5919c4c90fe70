package dev.rewind.worker.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Rewind on a real Temporal cluster, started by {@code scripts/cluster up} as a user starts it, in
 * a state directory of the test's own ({@code REWIND_STATE_DIR}) and on free ports, so neither a
 * running dev stack nor another test is disturbed: PostgreSQL for Temporal, the frontend + matching
 * and history + worker processes behind mutual TLS, the UI, a control worker, agents for hosts a
 * and b, and the api. {@link #sigkill} kills one component as a crash would; {@link #up} again
 * starts what is dead, zombies included.
 */
final class ClusterStack implements AutoCloseable, RewindApi {
  final Path root = Path.of(System.getProperty("rewind.root", "..")).toAbsolutePath().normalize();
  final Path state;
  final String token = UUID.randomUUID().toString();
  final int temporalPort;
  final int apiPort;
  private final Map<String, String> env = new HashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * A stack on {@code catalog}; {@code extraEnv} reaches every process it starts, e.g. a password
   * variable the catalog names or the api's {@code REWIND_TOKENS_FILE}.
   */
  ClusterStack(Path catalog, Map<String, String> extraEnv) throws IOException {
    state = Files.createTempDirectory("rewind-cluster-");
    env.putAll(extraEnv);
    temporalPort = freeBase();
    apiPort = Processes.freePort();
    env.put("REWIND_STATE_DIR", state.toString());
    env.put("REWIND_CATALOG", catalog.toString());
    env.put("REWIND_DEV_TOKEN", token);
    env.put("REWIND_TEMPORAL_PORT", String.valueOf(temporalPort));
    env.put("REWIND_TEMPORAL_UI_PORT", String.valueOf(Processes.freePort()));
    env.put("REWIND_API_PORT", String.valueOf(apiPort));
    env.put("REWIND_PG_PORT", String.valueOf(Processes.freePort()));
    env.put("REWIND_TEMPORAL_PG_PORT", String.valueOf(Processes.freePort()));
    // PostgreSQL runs as the postgres user, which must reach its data directory under the state.
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** {@code scripts/cluster up}: starts everything, or what is not running. */
  void up() throws Exception {
    script("up");
  }

  /** SIGKILLs the component {@code scripts/cluster} started as {@code name}, e.g. worker-a. */
  void sigkill(String name) throws Exception {
    String pid = Files.readString(state.resolve(name + ".pid")).trim();
    Processes.run("kill", "-9", pid);
    Path stat = Path.of("/proc", pid, "stat");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Files.exists(stat) && !Files.readString(stat).matches("(?s).*\\) Z .*")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " (" + pid + ") did not die");
      }
      Thread.sleep(50);
    }
  }

  String log(String name) throws IOException {
    return Files.readString(state.resolve(name + ".log"));
  }

  @Override
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return post(path, json, token);
  }

  @Override
  public HttpResponse<String> post(String path, String json, String bearer)
      throws IOException, InterruptedException {
    return http.send(
        request(path, bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String bearer) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
        .timeout(Duration.ofSeconds(70))
        .header("Authorization", "Bearer " + bearer);
  }

  @Override
  public void close() throws Exception {
    script("down");
  }

  private void script(String command) throws Exception {
    Path log = state.resolve("cluster-" + command + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(root.resolve("scripts/cluster").toString(), command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    // The api's database is the stack's own, not the one scripts/test exported for other tests.
    builder.environment().remove("REWIND_DB_URL");
    Process process = builder.start();
    if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "scripts/cluster " + command + " failed:\n" + Files.readString(log));
    }
  }

  /**
   * A frontend port whose neighbours scripts/cluster numbers from it are free too: +1, +2, +6, +10,
   * the membership ports 300 below, and the metrics ports +767 and +768.
   */
  private static int freeBase() throws IOException {
    for (int tries = 0; tries < 50; tries++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 31_000);
      List<Integer> ports =
          IntStream.of(0, 1, 2, 6, 10, -300, -299, -298, -294, 767, 768)
              .mapToObj(offset -> base + offset)
              .toList();
      if (ports.stream().allMatch(ClusterStack::free)) {
        return base;
      }
    }
    throw new IllegalStateException("no free range of ports for the Temporal cluster");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
