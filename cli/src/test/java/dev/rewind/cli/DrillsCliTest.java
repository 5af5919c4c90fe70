package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code rewind drills …}: what each subcommand sends, how it prints drills and runs. */
class DrillsCliTest {
  static final String DRILL =
      """
      {"id": "drill-dev-demo-web-1", "service": "demo-web", "environment": "dev",
       "strategies": ["container-revert"], "severity": "P1", "slaMinutes": 30, "every": "90d",
       "schedule": {"paused": false, "nextRun": "2027-03-02T03:00:00Z", "running": []},
       "runs": [{"runId": "drill-dev-demo-web-1-2026-12-02T16:00:00Z", "outcome": "PASSED",
                 "startedAt": "2026-12-02T16:00:00Z", "durationSeconds": 84, "slaMinutes": 30,
                 "slaMet": true,
                 "back": {"rollbackId": "rollback-dev-demo-web-a", "fromVersion": "v2",
                          "toVersion": "v1", "status": "SUCCEEDED", "seconds": 41},
                 "forward": {"rollbackId": "rollback-dev-demo-web-b", "fromVersion": "v1",
                             "toVersion": "v2", "status": "SUCCEEDED", "seconds": 40}}]}
      """;

  @TempDir Path home;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int rewind(FakeApi api, String... args) {
    CommandLine line =
        Rewind.commandLine(Map.of("REWIND_URL", api.url(), "REWIND_TOKEN", "t0ken"), home);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Test
  void createSendsTheChainAndTheSchedule() throws Exception {
    try (FakeApi api = new FakeApi().answer(201, DRILL)) {
      int code =
          rewind(
              api,
              "drills",
              "create",
              "demo-web",
              "dev",
              "-s",
              "container-revert",
              "--cron",
              "0 3 1 */3 *",
              "--severity",
              "P0",
              "--paused");

      assertThat(code).as(err.toString()).isZero();
      assertThat(api.requests.get(0).method()).isEqualTo("POST");
      assertThat(api.requests.get(0).path()).isEqualTo("/api/v1/drills");
      assertThat(api.requests.get(0).body())
          .isEqualTo(
              "{\"service\":\"demo-web\",\"environment\":\"dev\",\"strategies\":[\"container-revert\"],\"cron\":\"0"
                  + " 3 1 */3 *\",\"severity\":\"P0\",\"paused\":true}");
      assertThat(out.toString()).startsWith("drill-dev-demo-web-1  demo-web dev  container-revert");
    }
  }

  @Test
  void createNeedsEveryOrCron() throws Exception {
    try (FakeApi api = new FakeApi().answer(201, DRILL)) {
      int code = rewind(api, "drills", "create", "demo-web", "dev", "-s", "container-revert");

      assertThat(code).isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString()).contains("--every").contains("--cron");
      assertThat(api.requests).isEmpty();
    }
  }

  @Test
  void listPrintsEachDrillWithItsRuns() throws Exception {
    try (FakeApi api = new FakeApi().answer(200, "[" + DRILL + "]")) {
      assertThat(rewind(api, "drills", "list", "--environment", "dev")).isZero();

      assertThat(api.requests.get(0).path()).isEqualTo("/api/v1/drills?environment=dev");
      assertThat(out.toString())
          .contains(
              "drill-dev-demo-web-1  demo-web dev  container-revert  every 90d, P1 SLA 30 min"
                  + "  next 2027-03-02T03:00:00Z")
          .contains(
              "  PASSED  2026-12-02T16:00:00Z  84 s  back v2→v1 SUCCEEDED 41 s"
                  + " (rollback-dev-demo-web-a)  forward v1→v2 SUCCEEDED 40 s"
                  + " (rollback-dev-demo-web-b)  SLA met");
    }
  }

  @Test
  void runAndDeleteCallTheDrillsPaths() throws Exception {
    try (FakeApi api = new FakeApi().answer(202, DRILL)) {
      assertThat(rewind(api, "drills", "run", "drill-dev-demo-web-1")).isZero();
      assertThat(api.requests.get(0).method()).isEqualTo("POST");
      assertThat(api.requests.get(0).path()).isEqualTo("/api/v1/drills/drill-dev-demo-web-1/run");
    }
    try (FakeApi api = new FakeApi().answer(204, "")) {
      assertThat(rewind(api, "drills", "delete", "drill-dev-demo-web-1")).isZero();
      assertThat(api.requests.get(0).method()).isEqualTo("DELETE");
      assertThat(out.toString()).contains("drill-dev-demo-web-1: deleted");
    }
  }

  @Test
  void aProductionEnvironmentIsARefusal() throws Exception {
    try (FakeApi api =
        new FakeApi()
            .answer(
                422,
                """
                {"title": "Production environment", "status": 422,
                 "detail": "prod is a production environment: drills run only in non-production ones"}
                """)) {
      int code =
          rewind(
              api,
              "drills",
              "create",
              "static-site",
              "prod",
              "-s",
              "config-restore",
              "--every",
              "90d");

      assertThat(code).isEqualTo(ExitCodes.REFUSED);
      assertThat(err.toString()).contains("HTTP 422 Production environment");
    }
  }
}
