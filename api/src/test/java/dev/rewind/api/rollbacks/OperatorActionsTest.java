package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;

import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.ApiWithDatabase;
import dev.rewind.api.testing.InProcessTemporal;
import dev.rewind.api.testing.Tables;
import dev.rewind.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Operators steer rollbacks through the api: each decision reaches the workflow as its signal, is
 * refused with 409 when the rollback's state does not allow it, and is recorded with who made it.
 */
@ApiWithDatabase
class OperatorActionsTest {
  static final String BODY =
      """
      {"service": "demo-web", "environment": "dev", "strategy": "container-revert",
       "targetVersion": "v1", "currentVersion": "v2", "reason": "5xx after v2"}
      """;

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
  void abortWhileRunningEndsAbortedAndRecordsTheOperator() throws Exception {
    InProcessTemporal.holdHealthWait();
    String id = Api.read(api.post("pipeline-token", "/api/v1/rollbacks", BODY), "$.id");
    api.awaitLedger(id, "RUNNING"::equals);

    var answer =
        api.post(
            "ops-token", "/api/v1/rollbacks/" + id + "/abort", "{\"reason\": \"wrong target\"}");

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(202);
    assertThat((String) Api.read(answer, "$.by")).isEqualTo("oscar");
    assertThat(api.awaitLedger(id, s -> !s.equals("RUNNING") && !s.equals("COMPENSATING")))
        .isEqualTo("ABORTED");
    assertThat(
            jdbc.sql(
                    "SELECT identity || ':' || action || ':' || detail FROM actions WHERE rollback_id = ? ORDER BY id")
                .param(id)
                .query(String.class)
                .list())
        .containsExactly("deploy-pipeline:requested:5xx after v2", "oscar:abort:wrong target");
  }

  @Test
  void retryOfARunningRollbackIs409() throws Exception {
    InProcessTemporal.holdHealthWait();
    String id = Api.read(api.post("pipeline-token", "/api/v1/rollbacks", BODY), "$.id");
    api.awaitLedger(id, "RUNNING"::equals);

    var answer = api.post("ops-token", "/api/v1/rollbacks/" + id + "/retry", "{}");

    assertThat(answer.getStatus()).isEqualTo(409);
    assertThat((String) Api.read(answer, "$.detail"))
        .contains("only [ESCALATED] rollbacks can be retried");
    assertThat(answer.getContentAsString())
        .as("one status member, the HTTP status")
        .containsOnlyOnce("\"status\":");
    assertThat((Integer) Api.read(answer, "$.status")).isEqualTo(409);
    assertThat((String) Api.read(answer, "$.rollbackStatus")).isEqualTo("RUNNING");
  }

  @Test
  void abortOfAFinishedRollbackIs409() throws Exception {
    String id = Api.read(api.post("pipeline-token", "/api/v1/rollbacks", BODY), "$.id");
    api.awaitLedger(id, "SUCCEEDED"::equals);

    var answer =
        api.post("ops-token", "/api/v1/rollbacks/" + id + "/abort", "{\"reason\": \"late\"}");

    assertThat(answer.getStatus()).isEqualTo(409);
    assertThat((String) Api.read(answer, "$.detail")).contains("already ended SUCCEEDED");
  }

  @Test
  void anEscalatedRollbackResolvedByHandEndsSucceededWithTheNote() throws Exception {
    doThrow(ApplicationFailure.newNonRetryableFailure("exited 1", FailureTypes.UNHEALTHY))
        .when(InProcessTemporal.docker)
        .awaitHealthy(any(), any(), any());
    String id = Api.read(api.post("pipeline-token", "/api/v1/rollbacks", BODY), "$.id");
    api.awaitLedger(id, "ESCALATED"::equals);

    var answer =
        api.post(
            "operator-token",
            "/api/v1/rollbacks/" + id + "/resolve",
            "{\"note\": \"pinned v1 by hand\"}");

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(202);
    api.awaitLedger(id, "SUCCEEDED"::equals);
    var list = api.get("operator-token", "/api/v1/rollbacks?status=SUCCEEDED");
    assertThat((String) Api.read(list, "$[0].outcome"))
        .isEqualTo("resolved by hand by alice: pinned v1 by hand");
    var metrics = api.get("ops-token", "/actuator/prometheus").getContentAsString();
    assertThat(metrics)
        .contains("rewind_rollbacks_escalations_total{strategy=\"container-revert\"}");
  }
}
