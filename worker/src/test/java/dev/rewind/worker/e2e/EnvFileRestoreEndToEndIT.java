package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.activities.config.BackupSets;
import dev.rewind.activities.config.EnvApp;
import dev.rewind.activities.host.Sshd;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The env-file acceptance with real processes: a service on an SSH host configured by {@code
 * app.env}, restored by {@code config-restore} through the api to the known-good version's set and
 * restarted with its old values. Every value of both env files is a secret of the stack: the stack
 * fails if one is in any workflow history or api answer (the rollback's state and its report
 * included), and this test reads every log of the stack for them too.
 */
@Tag("infra")
class EnvFileRestoreEndToEndIT {
  private static final ObjectMapper json = new ObjectMapper();
  private static final String GOOD = "MODE=stable-5d1e0a\nAPI_TOKEN=tok-old-93c4be77\n";
  private static final String BAD = "MODE=trial-8f20c4\nAPI_TOKEN=tok-new-1a7e55d2\n";

  private static DevStack stack;
  private static Sshd sshd;
  private static EnvApp app;
  private static Path work;

  @BeforeAll
  static void start() throws Exception {
    stack = new DevStack();
    sshd = new Sshd();
    work = Files.createTempDirectory("rewind-e2e-env-");
    app = new EnvApp(work.resolve("app"), BAD);
    Path backups = work.resolve("backups");
    Path set = BackupSets.write(backups, "v1", Map.of(app.envFile, GOOD));
    stack.secrets.addEnvFile("the deployed env file", app.envFile);
    stack.secrets.addEnvFile("the known-good env file", set.resolve(relative(app.envFile)));
    Files.writeString(
        stack.catalog,
        """
        hosts:
          local: { transport: agent }
          s: { transport: ssh, address: "127.0.0.1:%s", user: %s,
               privateKeyFile: "%s", knownHostsFile: "%s" }
        services:
          billing:
            prod:
              hosts: [s]
              health: { url: "%s", expectStatus: 200, timeout: 20s }
              code: { gitDir: "%s", stop: %s, start: %s }
              config: { files: ["%s"], backupDir: "%s", restart: true }
        """
            .formatted(
                sshd.port,
                sshd.user,
                sshd.clientKey,
                sshd.knownHosts,
                app.healthUrl(),
                app.home,
                yamlList(app.stop()),
                yamlList(app.start()),
                app.envFile,
                backups));
    Processes.run(app.start().toArray(String[]::new));
    stack.startTemporal();
    stack.startWorker();
    stack.startApi(stack.catalog);
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (stack != null) {
      stack.close(); // fails if a value of either env file is in a history or an answer
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  void theEnvFileIsRestoredOverSshTheAppRestartsWithTheOldValuesAndNoValueIsShown()
      throws Exception {
    assertEquals(500, app.status());
    for (String version : List.of("v1", "v2")) {
      HttpResponse<String> recorded =
          stack.post(
              "/api/v1/deployments",
              "{\"service\": \"billing\", \"environment\": \"prod\", \"version\": \""
                  + version
                  + "\"}");
      assertEquals(201, recorded.statusCode(), recorded.body());
    }
    HttpResponse<String> dryRun = stack.post("/api/v1/rollbacks", request(", \"dryRun\": true"));
    assertEquals(200, dryRun.statusCode(), dryRun.body());
    assertTrue(dryRun.body().contains("backup set v1 intact on s"), dryRun.body());

    HttpResponse<String> accepted = stack.post("/api/v1/rollbacks", request(""));
    assertEquals(202, accepted.statusCode(), accepted.body());
    String id = json.readTree(accepted.body()).path("id").asText();
    JsonNode end = json.readTree(stack.get("/api/v1/rollbacks/" + id + "?wait=60s").body());

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    assertEquals(GOOD, Files.readString(app.envFile));
    assertEquals(200, app.status());
    assertEquals(List.of("trial-8f20c4", "stable-5d1e0a"), app.starts());
    String written = step(end, "write config files");
    assertTrue(written.contains("keys changed: API_TOKEN, MODE"), written);
    HttpResponse<String> report = stack.get("/api/v1/rollbacks/" + id + "/report");
    assertEquals(200, report.statusCode());
    assertTrue(report.body().contains("config-restore"), report.body());
    assertEquals(List.of(), valuesInLogs(), "env file values in the stack's logs");
  }

  private static String request(String extra) {
    return """
        {"service": "billing", "environment": "prod", "strategy": "config-restore",
         "reason": "payments fail since the env of v2"%s}
        """
        .formatted(extra);
  }

  private static String step(JsonNode rollback, String name) {
    for (JsonNode step : rollback.path("steps")) {
      if (step.path("name").asText().equals(name)) {
        return step.path("detail").asText();
      }
    }
    throw new AssertionError("no step " + name + ": " + rollback.toPrettyString());
  }

  /** "value of KEY in worker.log" for each env file value found in a log of the stack. */
  private static List<String> valuesInLogs() throws Exception {
    List<String> found = new ArrayList<>();
    List<Path> logs;
    try (Stream<Path> files = Files.list(stack.dir)) {
      logs = files.filter(f -> f.toString().endsWith(".log")).toList();
    }
    for (Path log : logs) {
      String text = Files.readString(log);
      for (String env : List.of(GOOD, BAD)) {
        for (String line : env.split("\n")) {
          String value = line.substring(line.indexOf('=') + 1);
          if (text.contains(value)) {
            found.add(
                "value of " + line.substring(0, line.indexOf('=')) + " in " + log.getFileName());
          }
        }
      }
    }
    return found;
  }

  private static String relative(Path file) {
    return file.toString().substring(1);
  }

  private static String yamlList(List<String> argv) {
    return "[" + String.join(", ", argv.stream().map(a -> "\"" + a + "\"").toList()) + "]";
  }
}
