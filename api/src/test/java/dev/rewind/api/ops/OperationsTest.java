package dev.rewind.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.ApiWithDatabase;
import dev.rewind.api.testing.InProcessTemporal;
import dev.rewind.api.testing.Tables;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** What operations tooling reads: probes, Prometheus metrics, the OpenAPI document. */
@ApiWithDatabase
class OperationsTest {
  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  Api api;

  @BeforeEach
  void empty() {
    Tables.empty(jdbc);
    InProcessTemporal.activitiesSucceed();
    api = new Api(mvc);
  }

  @Test
  void readinessIncludesTemporalAndTheDatabase() throws Exception {
    var ready = api.get(null, "/actuator/health/readiness");

    assertThat(ready.getStatus()).isEqualTo(200);
    assertThat((String) Api.read(ready, "$.components.db.status")).isEqualTo("UP");
    assertThat((String) Api.read(ready, "$.components.temporal.status")).isEqualTo("UP");
    assertThat((Map<String, Object>) Api.read(api.get(null, "/actuator/health/liveness"), "$"))
        .doesNotContainKey("components");
  }

  @Test
  void aFinishedRollbackIsCountedByStrategyAndOutcomeWithItsDuration() throws Exception {
    String id =
        Api.read(
            api.post(
                "pipeline-token",
                "/api/v1/rollbacks",
                """
                {"service": "demo-web", "environment": "dev", "strategy": "container-revert",
                 "targetVersion": "v1", "reason": "5xx"}
                """),
            "$.id");
    api.awaitLedger(id, "SUCCEEDED"::equals);

    String metrics = api.get("ops-token", "/actuator/prometheus").getContentAsString();

    assertThat(metrics)
        .contains(
            "rewind_rollbacks_finished_total{outcome=\"SUCCEEDED\",strategy=\"container-revert\"}")
        .contains(
            "rewind_rollback_duration_seconds_bucket{outcome=\"SUCCEEDED\",strategy=\"container-revert\"")
        .contains("rewind_rollbacks_active");
  }

  @Test
  void theOpenApiDocumentDescribesEveryCallAndSwaggerUiIsServed() throws Exception {
    var doc = api.get("pipeline-token", "/v3/api-docs");

    assertThat(doc.getStatus()).isEqualTo(200);
    Map<String, Object> paths = Api.read(doc, "$.paths");
    assertThat(paths)
        .containsKeys(
            "/api/v1/deployments",
            "/api/v1/services/{service}/environments/{environment}/deployments",
            "/api/v1/services/{service}/environments/{environment}/snapshots",
            "/api/v1/rollbacks",
            "/api/v1/rollbacks/{id}",
            "/api/v1/rollbacks/{id}/approvals",
            "/api/v1/rollbacks/{id}/abort",
            "/api/v1/rollbacks/{id}/retry",
            "/api/v1/rollbacks/{id}/resolve",
            "/api/v1/rollbacks/{id}/report");
    assertThat((String) Api.read(doc, "$.paths['/api/v1/deployments'].post.description"))
        .contains("Role: pipeline.");
    assertThat((String) Api.read(doc, "$.paths['/api/v1/rollbacks/{id}/abort'].post.description"))
        .contains("Role: operator.");
    assertThat(api.get("dba-token", "/swagger-ui/index.html").getStatus()).isEqualTo(200);
  }

  @Test
  void theOpenApiDocumentStatesWhichFlagsARequestMaySend() throws Exception {
    var doc = api.get("pipeline-token", "/v3/api-docs");

    for (String body : java.util.List.of("RollbackRequest", "DeploymentRequest")) {
      String flags = "$.components.schemas." + body + ".properties.flags";
      assertThat((java.util.List<String>) Api.read(doc, flags + ".type"))
          .containsExactlyInAnyOrder("object", "null");
      assertThat((String) Api.read(doc, flags + ".propertyNames.pattern"))
          .isEqualTo("^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,127})$");
      assertThat((Integer) Api.read(doc, flags + ".maxProperties")).isEqualTo(64);
      assertThat((java.util.List<Object>) Api.read(doc, flags + ".additionalProperties.anyOf"))
          .hasSize(2);
    }
    assertThat(
            (java.util.List<String>)
                Api.read(doc, "$.components.schemas.RollbackRequest.properties.strategy.enum"))
        .contains("feature-flag");
  }

  @Test
  void theOpenApiDocumentStatesWhatTheApiEnforces() throws Exception {
    var doc = api.get("pipeline-token", "/v3/api-docs");
    String post = "$.paths['/api/v1/rollbacks'].post";

    assertThat((Map<String, Object>) Api.read(doc, post + ".responses"))
        .containsKeys("200", "202", "400", "401", "403", "409", "413", "415", "422", "503");
    assertThat(
            (String)
                Api.read(
                    doc,
                    post + ".responses['409'].content['application/problem+json'].schema['$ref']"))
        .isEqualTo("#/components/schemas/Problem");
    String request = "$.components.schemas.RollbackRequest";
    assertThat((Boolean) Api.read(doc, request + ".additionalProperties")).isFalse();
    assertThat((java.util.List<String>) Api.read(doc, request + ".properties.service.enum"))
        .containsExactlyInAnyOrder("demo-web", "static-site", "accounting");
    assertThat((String) Api.read(doc, request + ".properties.targetVersion.pattern"))
        .isEqualTo("^(?:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})$");
    assertThat((String) Api.read(doc, request + ".properties.configBackup.pattern"))
        .isEqualTo("^(?:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})$");
    assertThat((String) Api.read(doc, request + ".properties.severity.pattern"))
        .isEqualTo("^(?:P[0-3])$");
    assertThat((java.util.List<String>) Api.read(doc, request + ".properties.gitSha.type"))
        .containsExactlyInAnyOrder("string", "null");
    assertThat((Integer) Api.read(doc, request + ".properties.reason.minLength")).isEqualTo(1);
    assertThat((String) Api.read(doc, request + ".properties.reason.pattern"))
        .as("not blank, and no NUL")
        .contains("(?=")
        .contains("[^\\x00]*");
    assertThat(
            (java.util.List<Integer>)
                Api.read(
                    doc,
                    "$.paths['/api/v1/rollbacks'].get.parameters[?(@.name == 'limit')]"
                        + ".schema.maximum"))
        .containsExactly(500);
  }
}
