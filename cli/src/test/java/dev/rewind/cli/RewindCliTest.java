package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's side of the contract: configuration, what it sends, and its exit codes. */
class RewindCliTest {
  @TempDir Path home;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int rewind(Map<String, String> env, String... args) {
    CommandLine line = Rewind.commandLine(env, home);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  private static Map<String, String> env(FakeApi api) {
    return Map.of("REWIND_URL", api.url(), "REWIND_TOKEN", "t0ken");
  }

  @Test
  void theEnvironmentWinsOverTheConfigFile() throws Exception {
    Path config = Files.createDirectories(home.resolve(".config/rewind")).resolve("config");
    Files.writeString(config, "url = http://127.0.0.1:1\ntoken = from-file\n");
    try (FakeApi api = new FakeApi().answer(200, "[]")) {
      assertThat(rewind(Map.of("REWIND_URL", api.url()), "list")).isZero();
      assertThat(api.requests.get(0).authorization()).isEqualTo("Bearer from-file");
      assertThat(api.requests.get(0).path()).isEqualTo("/api/v1/rollbacks?limit=20");
    }
  }

  @Test
  void withoutATokenItSaysWhereToPutOne() {
    int code = rewind(Map.of(), "list");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no API token: set REWIND_TOKEN");
  }

  @Test
  void aRefusalIsExitCode3WithTheProblem() throws Exception {
    try (FakeApi api =
        new FakeApi()
            .answer(
                409,
                """
                {"title": "Rollback already active", "status": 409,
                 "detail": "demo-web dev already has an active rollback: rollback-dev-demo-web-1",
                 "activeRollback": "rollback-dev-demo-web-1"}
                """)) {
      int code =
          rewind(env(api), "rollback", "demo-web", "dev", "-s", "container-revert", "-r", "5xx");

      assertThat(code).isEqualTo(ExitCodes.REFUSED);
      assertThat(err.toString())
          .contains("HTTP 409 Rollback already active")
          .contains("rollback-dev-demo-web-1");
      assertThat(api.requests.get(0).body())
          .isEqualTo(
              "{\"service\":\"demo-web\",\"environment\":\"dev\",\"strategies\":[\"container-revert\"],\"reason\":\"5xx\"}");
    }
  }

  @Test
  void anUnreachableApiIsExitCode4() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int code =
        rewind(Map.of("REWIND_URL", "http://127.0.0.1:" + port, "REWIND_TOKEN", "t"), "list");

    assertThat(code).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(err.toString()).contains("did not answer");
  }

  @Test
  void watchingShowsEachStepAndEndsWithTheEscalationsCode() throws Exception {
    String running =
        """
        {"id": "rollback-e2e-web-1", "status": "RUNNING", "attempt": 1, "steps": [
          {"name": "inspect container", "target": "web", "attempt": 1, "status": "SUCCEEDED",
           "startedAt": "2026-12-02T10:00:00Z", "endedAt": "2026-12-02T10:00:01.500Z"},
          {"name": "wait healthy", "target": "web", "attempt": 1, "status": "RUNNING"}]}
        """;
    String escalated =
        """
        {"id": "rollback-e2e-web-1", "status": "ESCALATED", "attempt": 2, "outcome": "P0 declared",
         "steps": [{"name": "inspect container", "target": "web", "attempt": 1, "status": "SUCCEEDED"},
          {"name": "wait healthy", "target": "web", "attempt": 2, "status": "FAILED", "detail": "404"}]}
        """;
    try (FakeApi api = new FakeApi().answer(200, running).answer(200, escalated)) {
      int code = rewind(env(api), "status", "rollback-e2e-web-1", "--watch", "--poll", "0");

      assertThat(code).isEqualTo(ExitCodes.ESCALATED);
      assertThat(out.toString())
          .contains("[ 1] SUCCEEDED inspect container @ web 1.5s")
          .contains("[ 2] RUNNING   wait healthy @ web")
          .contains("[ 2] FAILED    wait healthy @ web (attempt 2) — 404")
          .contains("status RUNNING (attempt 1)")
          .contains("rollback-e2e-web-1 ESCALATED: P0 declared");
    }
  }

  @Test
  void statusWithoutWatchExitsWithTheStatusCode() throws Exception {
    try (FakeApi api =
        new FakeApi().answer(200, "{\"id\": \"r\", \"status\": \"ABORTED\", \"steps\": []}")) {
      assertThat(rewind(env(api), "status", "r")).isEqualTo(ExitCodes.ABORTED);
    }
  }

  @Test
  void assessSendsTheMatrixInputsAndPrintsTheDecision() throws Exception {
    try (FakeApi api =
        new FakeApi()
            .answer(
                200,
                """
                {"decision": "ROLLBACK", "severity": "P0", "timeline": "immediate (< 15 min)",
                 "deadline": "2026-12-02T10:15:00Z", "strategies": ["container-revert"],
                 "reasons": ["data risk HIGH → P0 (runbook 002)"]}
                """)) {
      int code =
          rewind(
              env(api),
              "assess",
              "demo-web",
              "dev",
              "--users-affected",
              "90",
              "--data-risk",
              "HIGH",
              "--security-issue");

      assertThat(code).isZero();
      assertThat(api.requests.get(0).body())
          .isEqualTo(
              "{\"service\":\"demo-web\",\"environment\":\"dev\",\"usersAffectedPercent\":90.0,\"dataRisk\":\"HIGH\",\"securityIssue\":true}");
      assertThat(out.toString())
          .contains("ROLLBACK P0 — immediate (< 15 min) (by 2026-12-02T10:15:00Z)")
          .contains("strategies: container-revert")
          .contains("- data risk HIGH → P0 (runbook 002)");
    }
  }

  @Test
  void aMissingArgumentIsAUsageError() {
    assertThat(rewind(Map.of(), "rollback", "demo-web")).isEqualTo(ExitCodes.USAGE);
  }
}
