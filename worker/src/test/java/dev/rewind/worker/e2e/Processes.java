package dev.rewind.worker.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starting, killing and querying real processes for the end-to-end tests. */
final class Processes {
  private Processes() {}

  static Process start(Path log, Map<String, String> env, String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return builder.start();
  }

  /** Runs a command to completion and returns its stdout; fails on a non-zero exit. */
  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  /** Like {@link #run} but returns the exit code instead of failing. */
  static int exitCode(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    process.waitFor(60, TimeUnit.SECONDS);
    return process.exitValue();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static String temporalBinary() {
    String configured = System.getenv("REWIND_TEMPORAL_BIN");
    List<Path> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      candidates.add(Path.of(dir, "temporal"));
    }
    candidates.add(Path.of(System.getProperty("user.home"), "go", "bin", "temporal"));
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toString)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no temporal CLI found: run scripts/test, which installs it"));
  }

  static void sigkill(Process process) throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no graceful stop
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
