package dev.rewind.api.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.ApiWithDatabase;
import dev.rewind.api.testing.InProcessTemporal;
import dev.rewind.api.testing.Tables;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.core.Notice;
import dev.rewind.workflows.drill.DrillActivities;
import dev.rewind.workflows.drill.DrillInput;
import dev.rewind.workflows.drill.DrillWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * {@code /api/v1/drills} on the real ledger and registry, with the real drill and rollback
 * workflows in process (containers mocked): a triggered drill rolls back to known-good and forward
 * again through the api's own path and is listed with both legs, its duration and outcome; what is
 * refused (production, no known-good, bad schedules, roles) is refused with a problem naming the
 * field.
 */
@ApiWithDatabase
class DrillsApiTest {
  static final String DRILL =
      """
      {"service": "demo-web", "environment": "dev", "strategies": ["container-revert"],
       "every": "90d"}
      """;

  @TestConfiguration(proxyBeanMethods = false)
  static class Schedules {
    @Bean
    @Primary
    InProcessSchedules inProcessSchedules(WorkflowClient client) {
      return new InProcessSchedules(client);
    }
  }

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired InProcessSchedules schedules;
  @Autowired WorkflowClient client;
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
  void aDrillIsCreatedWithItsScheduleAndListedForAnyToken() throws Exception {
    var created = api.post("operator-token", "/api/v1/drills", DRILL);

    assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(201);
    assertThat(created.getHeader("Location")).isEqualTo("/api/v1/drills/drill-dev-demo-web-1");
    assertThat((String) Api.read(created, "$.id")).isEqualTo("drill-dev-demo-web-1");
    assertThat((String) Api.read(created, "$.severity")).isEqualTo("P1");
    assertThat((Integer) Api.read(created, "$.slaMinutes")).isEqualTo(30);
    assertThat((String) Api.read(created, "$.every")).isEqualTo("90d");
    assertThat((String) Api.read(created, "$.createdBy")).isEqualTo("alice");
    assertThat((Boolean) Api.read(created, "$.schedule.paused")).isFalse();
    assertThat((String) Api.read(created, "$.schedule.nextRun")).isNotNull();
    assertThat((String) Api.read(created, "$.links.temporalUi"))
        .isEqualTo("http://temporal.test:8233/namespaces/default/schedules/drill-dev-demo-web-1");
    assertThat(schedules.exists("drill-dev-demo-web-1")).isTrue();

    var second =
        api.post(
            "operator-token",
            "/api/v1/drills",
            """
            {"service": "demo-web", "environment": "dev", "strategies": ["container-revert"],
             "cron": "0 3 1 */3 *", "severity": "P0", "paused": true}
            """);
    assertThat(second.getStatus()).as(second.getContentAsString()).isEqualTo(201);
    assertThat((String) Api.read(second, "$.id")).isEqualTo("drill-dev-demo-web-2");
    assertThat((Boolean) Api.read(second, "$.schedule.paused")).isTrue();

    var list = api.get("pipeline-token", "/api/v1/drills");
    assertThat(list.getStatus()).isEqualTo(200);
    assertThat((List<String>) Api.read(list, "$[*].id"))
        .containsExactly("drill-dev-demo-web-1", "drill-dev-demo-web-2");
    assertThat((List<Object>) Api.read(list, "$[0].runs")).isEmpty();
    assertThat(Tables.count(jdbc, "rollbacks")).isZero();
  }

  @Test
  void aTriggeredDrillRollsBackThenForwardAndIsListedWithItsDurationAndOutcome() throws Exception {
    when(InProcessTemporal.notify.routes(any()))
        .thenReturn(Map.of("drill-result", List.of("oncall")));
    api.post("operator-token", "/api/v1/drills", DRILL);

    var run = api.post("operator-token", "/api/v1/drills/drill-dev-demo-web-1/run", "");
    assertThat(run.getStatus()).as(run.getContentAsString()).isEqualTo(202);

    var listed = awaitRun("drill-dev-demo-web-1", "PASSED");
    String r = "$[0].runs[0]";
    assertThat((String) Api.read(listed, r + ".runId")).startsWith("drill-dev-demo-web-1-");
    assertThat((Integer) Api.read(listed, r + ".durationSeconds")).isNotNull();
    assertThat((Integer) Api.read(listed, r + ".slaMinutes")).isEqualTo(30);
    assertThat((Boolean) Api.read(listed, r + ".slaMet")).isTrue();
    assertThat((String) Api.read(listed, r + ".back.status")).isEqualTo("SUCCEEDED");
    assertThat((String) Api.read(listed, r + ".back.fromVersion")).isEqualTo("v2");
    assertThat((String) Api.read(listed, r + ".back.toVersion")).isEqualTo("v1");
    assertThat((String) Api.read(listed, r + ".forward.status")).isEqualTo("SUCCEEDED");
    assertThat((String) Api.read(listed, r + ".forward.fromVersion")).isEqualTo("v1");
    assertThat((String) Api.read(listed, r + ".forward.toVersion")).isEqualTo("v2");
    String back = Api.read(listed, r + ".back.rollbackId");
    String forward = Api.read(listed, r + ".forward.rollbackId");

    // Both legs went through the ledger as the drill's, and the service runs v2 again.
    assertThat(
            jdbc.sql("SELECT requested_by || ': ' || reason FROM rollbacks ORDER BY requested_at")
                .query(String.class)
                .list())
        .containsExactly(
            "drill-dev-demo-web-1: drill drill-dev-demo-web-1: back to the known-good version",
            "drill-dev-demo-web-1: drill drill-dev-demo-web-1: forward again to v2");
    assertThat(back).startsWith("rollback-dev-demo-web-");
    assertThat(forward).isNotEqualTo(back);
    var history =
        api.get("pipeline-token", "/api/v1/services/demo-web/environments/dev/deployments");
    assertThat((String) Api.read(history, "$[0].version")).isEqualTo("v2");

    ArgumentCaptor<Notice> notice = ArgumentCaptor.forClass(Notice.class);
    verify(InProcessTemporal.notify, timeout(10_000))
        .deliver(any(), eq("oncall"), notice.capture());
    assertThat(notice.getValue().event()).isEqualTo("drill-result");
    assertThat(notice.getValue().status()).isEqualTo("PASSED");
    assertThat(notice.getValue().summary()).startsWith("drill drill-dev-demo-web-1 PASSED");
  }

  @Test
  void aDrillOfAServiceWhoseRollbackFailsIsListedAsFailedWithoutAForwardLeg() throws Exception {
    when(InProcessTemporal.docker.recreateContainer(any(), any(), any()))
        .thenThrow(
            io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
                "no such image", "ImageNotFound"));
    api.post("operator-token", "/api/v1/drills", DRILL);
    api.post("operator-token", "/api/v1/drills/drill-dev-demo-web-1/run", "");

    var listed = awaitRun("drill-dev-demo-web-1", "FAILED");

    assertThat((String) Api.read(listed, "$[0].runs[0].back.status")).isIn("ESCALATED", "FAILED");
    assertThat((String) Api.read(listed, "$[0].runs[0].forward.status")).isEqualTo("SKIPPED");
    assertThat((Object) Api.read(listed, "$[0].runs[0].slaMet")).isNull();
    assertThat(Tables.count(jdbc, "rollbacks")).isEqualTo(1);
    String back = Api.read(listed, "$[0].runs[0].back.rollbackId");
    api.post("ops-token", "/api/v1/rollbacks/" + back + "/abort", "{\"reason\": \"drill over\"}");
  }

  @Test
  void aDrillRunningNowIsNotRunAgain() throws Exception {
    InProcessTemporal.holdHealthWait();
    api.post("operator-token", "/api/v1/drills", DRILL);
    api.post("operator-token", "/api/v1/drills/drill-dev-demo-web-1/run", "");
    awaitRun("drill-dev-demo-web-1", "RUNNING");

    var again = api.post("operator-token", "/api/v1/drills/drill-dev-demo-web-1/run", "");

    assertThat(again.getStatus()).as(again.getContentAsString()).isEqualTo(409);
    assertThat((String) Api.read(again, "$.detail")).contains("is running now");
    InProcessTemporal.releaseHealthWait();
    awaitRun("drill-dev-demo-web-1", "PASSED");
  }

  @Test
  void aRunOfADeletedDrillIsRefusedByTheApiAndStartsNothing() throws Exception {
    api.post("operator-token", "/api/v1/drills", DRILL);
    assertThat(delete("ops-token", "/api/v1/drills/drill-dev-demo-web-1").getStatus())
        .isEqualTo(204);

    // As a schedule left in Temporal (or one created around the api) would start it.
    DrillWorkflow drill =
        client.newWorkflowStub(
            DrillWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("drill-dev-demo-web-1-orphan")
                .setTaskQueue(TaskQueues.CONTROL)
                .build());
    var input =
        new DrillInput(
            "drill-dev-demo-web-1", "demo-web", "dev", List.of("container-revert"), "P1");
    WorkflowFailedException failed =
        org.junit.jupiter.api.Assertions.assertThrows(
            WorkflowFailedException.class, () -> drill.drill(input));

    ApplicationFailure refused = (ApplicationFailure) failed.getCause().getCause();
    assertThat(refused.getType()).isEqualTo(DrillActivities.REFUSED);
    assertThat(refused.getOriginalMessage()).contains("is not a drill of this api");
    assertThat(Tables.count(jdbc, "rollbacks")).isZero();
    assertThat(Tables.count(jdbc, "drill_runs")).isZero();
  }

  @Test
  void productionIsRefused() throws Exception {
    api.deploy("static-site", "prod", "v1");
    api.deploy("static-site", "prod", "v2");
    var answer =
        api.post(
            "operator-token",
            "/api/v1/drills",
            """
            {"service": "static-site", "environment": "prod", "strategies": ["config-restore"],
             "every": "90d"}
            """);

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(422);
    assertThat(answer.getContentType()).isEqualTo("application/problem+json");
    assertThat((String) Api.read(answer, "$.field")).isEqualTo("environment");
    assertThat((String) Api.read(answer, "$.detail")).contains("production environment");
    assertThat(Tables.count(jdbc, "drills")).isZero();
  }

  @Test
  void aServiceWithoutAKnownGoodDeploymentIsRefused() throws Exception {
    Tables.empty(jdbc);
    api.deploy("demo-web", "dev", "v1");

    var answer = api.post("operator-token", "/api/v1/drills", DRILL);

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(422);
    assertThat((String) Api.read(answer, "$.detail")).contains("no known-good deployment");
  }

  @Test
  void badRequestsNameTheirField() throws Exception {
    Map<String, String> bodies =
        Map.of(
            "every",
            """
            {"service": "demo-web", "environment": "dev", "strategies": ["container-revert"],
             "every": "90x"}
            """,
            "cron",
            """
            {"service": "demo-web", "environment": "dev", "strategies": ["container-revert"],
             "cron": "rm -rf /"}
            """,
            "service",
            """
            {"service": "nope", "environment": "dev", "strategies": ["container-revert"],
             "every": "1d"}
            """,
            "strategies",
            """
            {"service": "demo-web", "environment": "dev", "strategies": ["backup-restore"],
             "every": "1d"}
            """,
            "severity",
            """
            {"service": "demo-web", "environment": "dev", "strategies": ["container-revert"],
             "every": "1d", "severity": "P9"}
            """);
    for (var body : bodies.entrySet()) {
      var answer = api.post("operator-token", "/api/v1/drills", body.getValue());
      assertThat(answer.getStatus()).as(body.getKey()).isEqualTo(400);
      assertThat(answer.getContentAsString()).as(body.getKey()).contains(body.getKey());
    }
    var both =
        api.post(
            "operator-token",
            "/api/v1/drills",
            """
            {"service": "demo-web", "environment": "dev", "strategies": ["container-revert"],
             "every": "1d", "cron": "0 3 * * *"}
            """);
    assertThat(both.getStatus()).isEqualTo(400);
    assertThat((List<String>) Api.read(both, "$.errors[*].field")).contains("every", "cron");
    assertThat(api.get("operator-token", "/api/v1/drills/not-a-drill").getStatus()).isEqualTo(400);
    assertThat(api.get("operator-token", "/api/v1/drills/drill-dev-demo-web-9").getStatus())
        .isEqualTo(404);
    assertThat(Tables.count(jdbc, "drills")).isZero();
  }

  @Test
  void creatingRunningAndDeletingNeedTheOperatorRole() throws Exception {
    assertThat(api.post("pipeline-token", "/api/v1/drills", DRILL).getStatus()).isEqualTo(403);
    assertThat(api.post(null, "/api/v1/drills", DRILL).getStatus()).isEqualTo(401);
    api.post("operator-token", "/api/v1/drills", DRILL);
    String id = "/api/v1/drills/drill-dev-demo-web-1";
    assertThat(api.post("pipeline-token", id + "/run", "").getStatus()).isEqualTo(403);
    assertThat(delete("pipeline-token", id).getStatus()).isEqualTo(403);
    assertThat(api.get("dba-token", id).getStatus()).isEqualTo(200);

    assertThat(delete("ops-token", id).getStatus()).isEqualTo(204);
    assertThat(api.get("dba-token", id).getStatus()).isEqualTo(404);
    assertThat(schedules.exists("drill-dev-demo-web-1")).isFalse();
    assertThat((List<Object>) Api.read(api.get("dba-token", "/api/v1/drills"), "$")).isEmpty();
    // numbers are never reused
    var again = api.post("operator-token", "/api/v1/drills", DRILL);
    assertThat((String) Api.read(again, "$.id")).isEqualTo("drill-dev-demo-web-2");
  }

  @Test
  void theOpenApiDocumentDescribesTheDrills() throws Exception {
    var doc = api.get("pipeline-token", "/v3/api-docs");
    String request = "$.components.schemas.DrillRequest";

    assertThat((Boolean) Api.read(doc, request + ".additionalProperties")).isFalse();
    assertThat((List<String>) Api.read(doc, request + ".required"))
        .contains("service", "environment", "strategies");
    assertThat((String) Api.read(doc, request + ".properties.every.pattern"))
        .isEqualTo("^(?:" + DrillSchedule.EVERY + ")$");
    assertThat((Map<String, Object>) Api.read(doc, "$.paths['/api/v1/drills'].post.responses"))
        .containsKeys("201", "400", "401", "403", "409", "413", "415", "422", "503");
    assertThat((Map<String, Object>) Api.read(doc, "$.paths['/api/v1/drills'].get.responses"))
        .containsKeys("200", "400", "401", "503");
    assertThat(
            (Map<String, Object>)
                Api.read(doc, "$.paths['/api/v1/drills/{id}/run'].post.responses"))
        .containsKeys("202", "403", "404", "409");
    assertThat(
            (Map<String, Object>) Api.read(doc, "$.paths['/api/v1/drills/{id}'].delete.responses"))
        .containsKeys("204", "403", "404");
    assertThat(
            (String)
                Api.read(
                    doc,
                    "$.paths['/api/v1/drills'].post.responses['422'].content['application/problem+json'].schema['$ref']"))
        .isEqualTo("#/components/schemas/Problem");
    assertThat((Object) Api.read(doc, "$.components.schemas.DrillRun.properties.back")).isNotNull();
  }

  private MockHttpServletResponse awaitRun(String drill, String outcome) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    MockHttpServletResponse list = null;
    while (System.nanoTime() < deadline) {
      list = api.get("pipeline-token", "/api/v1/drills");
      List<String> outcomes = Api.read(list, "$[?(@.id == '" + drill + "')].runs[0].outcome");
      if (outcomes.contains(outcome)) {
        return list;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(drill + " never ran to " + outcome + ": " + list.getContentAsString());
  }

  private MockHttpServletResponse delete(String token, String path) throws Exception {
    return mvc.perform(
            MockMvcRequestBuilders.delete(path).header("Authorization", "Bearer " + token))
        .andReturn()
        .getResponse();
  }
}
