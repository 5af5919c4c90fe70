package dev.rewind.api.assessments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.ApiWithDatabase;
import dev.rewind.api.testing.InProcessTemporal;
import dev.rewind.api.testing.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code POST /api/v1/assessments} on the real registry and ledger: the decision, the deadline, the
 * chain from what changed, the rollback it starts when asked (its reason the assessment, so its
 * incident report names it), and the requests it refuses.
 */
@ApiWithDatabase
class AssessmentsApiTest {
  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  Api api;

  @BeforeEach
  void twoDeployments() throws Exception {
    Tables.empty(jdbc);
    InProcessTemporal.activitiesSucceed();
    api = new Api(mvc);
    api.deploy("demo-web", "dev", "v1");
    api.deploy("demo-web", "dev", "v2");
  }

  @AfterEach
  void drain() throws Exception {
    Api.drain(jdbc);
  }

  @Test
  void aCriticalIssueIsRolledBackWithin15MinutesWithTheChainOfWhatChanged() throws Exception {
    Instant before = Instant.now();
    var answer =
        api.post(
            "operator-token",
            "/api/v1/assessments",
            """
            {"service": "demo-web", "environment": "dev", "usersAffectedPercent": 90,
             "dataRisk": "HIGH", "errorRatePercent": 12.5}
            """);

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
    assertThat((String) Api.read(answer, "$.decision")).isEqualTo("ROLLBACK");
    assertThat((String) Api.read(answer, "$.severity")).isEqualTo("P0");
    assertThat((List<String>) Api.read(answer, "$.strategies")).containsExactly("container-revert");
    assertThat((String) Api.read(answer, "$.currentVersion")).isEqualTo("v2");
    assertThat((String) Api.read(answer, "$.knownGoodVersion")).isEqualTo("v1");
    Instant deadline = Instant.parse(Api.read(answer, "$.deadline"));
    assertThat(deadline)
        .isBetween(before.plus(Duration.ofMinutes(15)), Instant.now().plus(Duration.ofMinutes(15)));
    assertThat((List<String>) Api.read(answer, "$.reasons"))
        .anyMatch(r -> r.contains("runbook 002"))
        .anyMatch(r -> r.contains("error rate 12.5 % > 5 %"))
        .anyMatch(
            r -> r.startsWith("image registry.local:5000/app:v2 → registry.local:5000/app:v1"));
    assertThat(Api.<Object>read(answer, "$.rollback")).isNull();
    assertThat(Tables.count(jdbc, "rollbacks")).isZero();
  }

  @Test
  void aQuickFixForwardHasTheFixAsItsDeadline() throws Exception {
    var answer =
        api.post(
            "operator-token",
            "/api/v1/assessments",
            """
            {"service": "demo-web", "environment": "dev", "usersAffectedPercent": 60,
             "dataRisk": "NONE", "fixForwardMinutes": 5}
            """);

    assertThat((String) Api.read(answer, "$.decision")).isEqualTo("FIX_FORWARD");
    assertThat((String) Api.read(answer, "$.timeline"))
        .isEqualTo("fix forward within 5 min, else roll back");
  }

  @Test
  void startStartsTheRecommendedRollbackWithTheAssessmentAsItsReason() throws Exception {
    var answer =
        api.post(
            "pipeline-token",
            "/api/v1/assessments",
            """
            {"service": "demo-web", "environment": "dev", "usersAffectedPercent": 5,
             "dataRisk": "NONE", "securityIssue": true, "start": true, "reason": "CVE in v2"}
            """);

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
    String id = Api.read(answer, "$.rollback.id");
    assertThat(id).startsWith("rollback-dev-demo-web-");
    assertThat((String) Api.read(answer, "$.rollback.summary")).contains("v2 → v1");
    assertThat(api.awaitLedger(id, s -> s.equals("SUCCEEDED"))).isEqualTo("SUCCEEDED");
    String reason =
        jdbc.sql("SELECT reason FROM rollbacks WHERE id = ?")
            .param(id)
            .query(String.class)
            .single();
    assertThat(reason)
        .startsWith("CVE in v2 — assessment: ROLLBACK P0; ")
        .contains("security vulnerability");
    String report =
        api.get("operator-token", "/api/v1/rollbacks/" + id + "/report").getContentAsString();
    assertThat(report)
        .contains("assessment: ROLLBACK P0")
        .contains("| Detected (assessment) |", "**Decision:** ROLLBACK (severity P0, assessed ")
        .contains("- security vulnerability")
        .contains("## SLA", "P0: 15 minutes from the detection — met.");
  }

  @Test
  void startDoesNothingWhenTheDecisionIsNotARollback() throws Exception {
    var answer =
        api.post(
            "pipeline-token",
            "/api/v1/assessments",
            """
            {"service": "demo-web", "environment": "dev", "usersAffectedPercent": 5,
             "dataRisk": "NONE", "start": true}
            """);

    assertThat((String) Api.read(answer, "$.decision")).isEqualTo("FIX_FORWARD");
    assertThat((List<String>) Api.read(answer, "$.reasons"))
        .contains("not started: the decision is FIX_FORWARD");
    assertThat(Tables.count(jdbc, "rollbacks")).isZero();
  }

  @Test
  void startingNeedsThePipelineRole() throws Exception {
    var answer =
        api.post(
            "operator-token",
            "/api/v1/assessments",
            """
            {"service": "demo-web", "environment": "dev", "usersAffectedPercent": 90,
             "dataRisk": "HIGH", "start": true}
            """);

    assertThat(answer.getStatus()).isEqualTo(403);
    assertThat(answer.getContentAsString()).contains("needs the role pipeline");
    assertThat(Tables.count(jdbc, "rollbacks")).isZero();
  }

  @Test
  void badValuesAreRefusedNamingTheField() throws Exception {
    Map<String, String> bodies =
        Map.of(
            "dataRisk",
            "{\"service\": \"demo-web\", \"environment\": \"dev\", \"usersAffectedPercent\": 5,"
                + " \"dataRisk\": \"EXTREME\"}",
            "usersAffectedPercent",
            "{\"service\": \"demo-web\", \"environment\": \"dev\", \"usersAffectedPercent\": 101,"
                + " \"dataRisk\": \"LOW\"}",
            "service",
            "{\"service\": \"nope\", \"environment\": \"dev\", \"usersAffectedPercent\": 5,"
                + " \"dataRisk\": \"LOW\"}",
            "fixForwardMinutes",
            "{\"service\": \"demo-web\", \"environment\": \"dev\", \"usersAffectedPercent\": 5,"
                + " \"dataRisk\": \"LOW\", \"fixForwardMinutes\": -1}");
    for (var body : bodies.entrySet()) {
      var answer = api.post("operator-token", "/api/v1/assessments", body.getValue());

      assertThat(answer.getStatus()).as(body.getKey()).isEqualTo(400);
      assertThat(answer.getContentType()).isEqualTo("application/problem+json");
      assertThat((List<String>) Api.read(answer, "$.errors[*].field"))
          .as(body.getKey())
          .contains(body.getKey());
    }
  }

  @Test
  void theOpenApiDocumentDescribesTheRequest() throws Exception {
    var doc = api.get("pipeline-token", "/v3/api-docs");
    String request = "$.components.schemas.AssessmentRequest";

    assertThat((Boolean) Api.read(doc, request + ".additionalProperties")).isFalse();
    assertThat((List<String>) Api.read(doc, request + ".properties.dataRisk.enum"))
        .contains("NONE", "LOW", "MEDIUM", "HIGH");
    assertThat((List<String>) Api.read(doc, request + ".required"))
        .contains("service", "environment", "usersAffectedPercent", "dataRisk");
    assertThat((Object) Api.read(doc, request + ".properties.usersAffectedPercent.maximum"))
        .hasToString("100");
    assertThat((Map<String, Object>) Api.read(doc, "$.paths['/api/v1/assessments'].post.responses"))
        .containsKeys("200", "400", "401", "403", "409", "413", "415", "503");
  }
}
