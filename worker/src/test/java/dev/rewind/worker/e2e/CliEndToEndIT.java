package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code rewind} CLI as a pipeline runs it, against the dev stack in real processes: it records
 * the deployments, requests a container-revert and follows it with {@code --watch}, showing each
 * step, and exits 0 when it SUCCEEDED; a rollback to the unhealthy image escalates after its two
 * attempts and the CLI exits with the documented 11, then {@code abort} and a watch of its end exit
 * 12 (ABORTED).
 */
@Tag("infra")
class CliEndToEndIT {
  private static final Pattern ID = Pattern.compile("(rollback-[a-z0-9._-]+)");
  private static DevStack stack;
  private static Path home;
  private static int goodPort;
  private static int badPort;

  @BeforeAll
  static void startRewind() throws Exception {
    stack = new DevStack();
    home = Files.createDirectories(stack.dir.resolve("home"));
    goodPort = Processes.freePort();
    badPort = Processes.freePort();
    Files.writeString(
        stack.catalog,
        """
        hosts:
          local: { transport: agent }
        services:
          cli-web:
            e2e:
              hosts: [local]
              health: { url: "http://127.0.0.1:%d/health", expectStatus: 200, timeout: 60s }
              container: { name: %s, image: app, dockerHost: "unix:///var/run/docker.sock" }
              escalation: { notify: [] }
          cli-bad:
            e2e:
              hosts: [local]
              health: { url: "http://127.0.0.1:%d/health", expectStatus: 200, timeout: 5s }
              container: { name: %s, image: app, dockerHost: "unix:///var/run/docker.sock" }
              escalation: { notify: [] }
        """
            .formatted(goodPort, container("web"), badPort, container("bad")));
    stack.startTemporal();
    stack.startWorker();
    stack.startApi(stack.catalog);
  }

  @AfterAll
  static void stopRewind() throws Exception {
    if (stack != null) {
      Processes.exitCode("docker", "rm", "-f", container("web"));
      Processes.exitCode("docker", "rm", "-f", container("bad"));
      stack.close();
    }
  }

  @Test
  void rollbackWatchShowsTheStepsAndExits0OnSucceeded() throws Exception {
    run("cli-web", "app:v2", goodPort);
    assertEquals(
        0,
        rewind("deploy", "record", "cli-web", "e2e", "--version", "v1", "--image", "app:v1")
            .code());
    assertEquals(
        0,
        rewind("deploy", "record", "cli-web", "e2e", "--version", "v2", "--image", "app:v2")
            .code());

    Cli assessed =
        rewind("assess", "cli-web", "e2e", "--users-affected", "90", "--data-risk", "NONE");
    assertEquals(0, assessed.code(), assessed.out());
    assertTrue(assessed.out().contains("ROLLBACK P0"), assessed.out());
    assertTrue(assessed.out().contains("strategies: container-revert"), assessed.out());

    Cli watched =
        rewind(
            "rollback",
            "cli-web",
            "e2e",
            "--strategy",
            "container-revert",
            "--reason",
            "health 404 after v2",
            "--watch");

    assertEquals(0, watched.code(), watched.out());
    assertTrue(watched.out().contains("container-revert cli-web e2e v2 → v1"), watched.out());
    // each step as it ends, those seen under way also as they ran, then the end
    assertTrue(watched.out().matches("(?s).*\\] RUNNING +[a-z].*"), watched.out());
    assertTrue(watched.out().matches("(?s).*\\] SUCCEEDED +wait healthy.*"), watched.out());
    assertTrue(watched.out().matches("(?s).*\\] SUCCEEDED +verify health.*"), watched.out());
    assertFalse(watched.out().contains("null"), watched.out());
    assertTrue(
        watched.out().contains(id(watched.out()) + " SUCCEEDED: rolled back to v1"), watched.out());
    assertEquals(
        "app:v1",
        Processes.run("docker", "inspect", "-f", "{{.Config.Image}}", container("web")).strip());

    Cli history = rewind("deploy", "list", "cli-web", "e2e", "--limit", "1");
    assertTrue(
        history.out().contains("cli-web e2e v1") && history.out().contains("(rollback,"),
        history.out());
    Cli listed = rewind("list", "--service", "cli-web", "--status", "SUCCEEDED");
    assertTrue(listed.out().startsWith("SUCCEEDED"), listed.out());
    String id = id(watched.out());
    assertEquals(0, rewind("status", id).code());
    assertTrue(rewind("report", id).out().contains("health 404 after v2"));
  }

  @Test
  void rollbackWatchExits11OnEscalatedAndAbortEndsIt12() throws Exception {
    run("cli-bad", "app:v1", badPort);
    Cli watched =
        rewind(
            "rollback",
            "cli-bad",
            "e2e",
            "-s",
            "container-revert",
            "--from",
            "v1",
            "--to",
            "v2",
            "-r",
            "a rollback to the broken image",
            "--watch");

    assertEquals(11, watched.code(), watched.out() + watched.err());
    assertTrue(watched.out().contains("status ESCALATED (attempt 2)"), watched.out());
    assertTrue(watched.out().matches("(?s).*\\] FAILED +wait healthy.*"), watched.out());
    String id = id(watched.out());

    Cli refused =
        rewind(
            "rollback",
            "cli-bad",
            "e2e",
            "-s",
            "container-revert",
            "--from",
            "v2",
            "--to",
            "v1",
            "-r",
            "again");
    assertEquals(3, refused.code(), refused.err());
    assertTrue(refused.err().contains(id), refused.err());

    assertEquals(0, rewind("abort", id, "--reason", "fixed by hand").code());
    Cli end = rewind("status", id, "--watch");
    assertEquals(12, end.code(), end.out());
    assertTrue(end.out().contains(id + " ABORTED"), end.out());
  }

  private static String container(String name) {
    return "rewind-cli-" + name + "-" + stack.apiPort;
  }

  private static void run(String service, String image, int port) throws Exception {
    String name = container(service.substring(4));
    Processes.exitCode("docker", "rm", "-f", name);
    Processes.run(
        "docker", "run", "-d", "--name", name, "-p", "127.0.0.1:" + port + ":8080", image);
  }

  private static String id(String output) {
    Matcher m = ID.matcher(output);
    assertTrue(m.find(), output);
    return m.group(1);
  }

  record Cli(int code, String out, String err) {}

  /** Runs the CLI jar the build made, as a pipeline would, with the stack's URL and token. */
  private static Cli rewind(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of("java", "-jar", stack.root.resolve("cli/target/rewind-cli.jar").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .putAll(
            Map.of(
                "REWIND_URL",
                "http://127.0.0.1:" + stack.apiPort,
                "REWIND_TOKEN",
                stack.token,
                "HOME",
                home.toString()));
    Path out = Files.createTempFile(stack.dir, "cli-", ".out");
    Path err = Files.createTempFile(stack.dir, "cli-", ".err");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(
        process.waitFor(5, TimeUnit.MINUTES), "rewind " + String.join(" ", args) + " did not end");
    Cli cli =
        new Cli(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    assertFalse((cli.out() + cli.err()).contains(stack.token), "the CLI printed its token");
    return cli;
  }
}
