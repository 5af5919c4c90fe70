package dev.rewind.api.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.ApiWithDatabase;
import dev.rewind.api.testing.InProcessTemporal;
import dev.rewind.api.testing.Tables;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** The incident report of a finished rollback is runbook 000's template with the real timeline. */
@ApiWithDatabase
class IncidentReportTest {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  Api api;

  @BeforeEach
  void empty() {
    Tables.empty(jdbc);
    InProcessTemporal.activitiesSucceed();
    api = new Api(mvc);
  }

  @AfterEach
  void drain() throws Exception {
    Api.drain(jdbc);
  }

  @Test
  void theReportOfAFinishedRollbackHasEveryStepWithTimesTheRequesterReasonAndApprovals()
      throws Exception {
    api.deploy("demo-web", "dev", "v1");
    api.deploy("demo-web", "dev", "v2");
    InProcessTemporal.holdHealthWait();
    var accepted =
        api.post(
            "pipeline-token",
            "/api/v1/rollbacks",
            """
            {"service": "demo-web", "environment": "dev", "strategy": "container-revert",
             "reason": "error rate 7% after v2"}
            """);
    String id = Api.read(accepted, "$.id");
    String approvals = "/api/v1/rollbacks/" + id + "/approvals";
    assertThat(
            api.post("dba-token", approvals, "{\"kind\": \"dba\", \"comment\": \"backup checked\"}")
                .getStatus())
        .isEqualTo(201);
    assertThat(api.post("manager-token", approvals, "{\"kind\": \"manager\"}").getStatus())
        .isEqualTo(201);
    InProcessTemporal.releaseHealthWait();
    api.awaitLedger(id, "SUCCEEDED"::equals);

    var answer = api.get("operator-token", "/api/v1/rollbacks/" + id + "/report");

    assertThat(answer.getStatus()).isEqualTo(200);
    assertThat(answer.getContentType()).startsWith("text/markdown");
    String report = answer.getContentAsString();
    assertThat(report)
        .startsWith("# Rollback Incident Report")
        .contains("## Incident Details", "## Rollback Timeline", "## Sign-off")
        .contains("Requested by **deploy-pipeline**: error rate 7% after v2")
        .contains("**Versions:** v2 → v1", "**Status:** SUCCEEDED", "**Attempts:** 1")
        .contains("- dba: **dana**", "backup checked", "- manager: **max**")
        .contains("## Assessment", "None: the rollback was requested directly.")
        .contains("- container demo-web `");
    List<Map<String, Object>> steps =
        Api.read(api.get("operator-token", "/api/v1/rollbacks/" + id), "$.steps");
    List<Map<String, Object>> own =
        steps.stream().filter(s -> !((String) s.get("name")).startsWith("notify ")).toList();
    Map<String, Object> first = own.get(0);
    Map<String, Object> last = own.get(own.size() - 1);
    Map<String, Object> verified =
        steps.stream()
            .filter(s -> s.get("name").equals("verify health"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(report)
        .contains("| Rollback started | " + day(first.get("startedAt")) + " UTC |")
        .contains("| Rollback completed | " + day(last.get("endedAt")) + " UTC |")
        .contains("| Verified | " + day(verified.get("endedAt")) + " UTC |")
        .contains("| Watch ended | — |")
        .containsPattern(
            "\\| Detected \\(request\\) \\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\|");
    assertThat(steps).hasSizeGreaterThanOrEqualTo(7);
    for (Map<String, Object> step : steps) {
      String row =
          "| "
              + step.get("attempt")
              + " | "
              + step.get("name")
              + " | "
              + step.get("target")
              + " | "
              + time(step.get("startedAt"))
              + " | "
              + time(step.get("endedAt"))
              + " | SUCCEEDED |";
      assertThat(report).contains(row);
    }
  }

  @Test
  void aRollbackWithASeverityReportsItsSlaMetInTheReportAndTheMetrics() throws Exception {
    api.deploy("demo-web", "dev", "v1");
    api.deploy("demo-web", "dev", "v2");
    var accepted =
        api.post(
            "pipeline-token",
            "/api/v1/rollbacks",
            """
            {"service": "demo-web", "environment": "dev", "strategy": "container-revert",
             "reason": "error rate 7% after v2", "severity": "P0"}
            """);
    String id = Api.read(accepted, "$.id");
    String approvals = "/api/v1/rollbacks/" + id + "/approvals";
    api.post("dba-token", approvals, "{\"kind\": \"dba\"}");
    api.post("manager-token", approvals, "{\"kind\": \"manager\"}");
    api.awaitLedger(id, "SUCCEEDED"::equals);

    String report =
        api.get("operator-token", "/api/v1/rollbacks/" + id + "/report").getContentAsString();
    String metrics = api.get("operator-token", "/actuator/prometheus").getContentAsString();

    assertThat(report)
        .contains("## SLA", "P0: 15 minutes from the detection — met.")
        .containsPattern("Detected \\d\\d:\\d\\d:\\d\\d, deadline \\d\\d:\\d\\d:\\d\\d, ended ")
        .contains(" after the detection.");
    assertThat(metrics).contains("rewind_rollbacks_sla_total{result=\"met\",severity=\"P0\"}");
  }

  private static String day(Object iso) {
    return DAY.format(Instant.parse((String) iso));
  }

  private static String time(Object iso) {
    return TIME.format(Instant.parse((String) iso));
  }
}
