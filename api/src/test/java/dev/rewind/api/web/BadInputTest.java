package dev.rewind.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.rewind.api.rollbacks.Rollbacks;
import dev.rewind.api.testing.ApiWithDatabase;
import dev.rewind.api.testing.InProcessTemporal;
import dev.rewind.api.testing.Tables;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Every bad request, on every endpoint, is a 4xx {@code application/problem+json} whose {@code
 * errors} name the field at fault, and leaves no trace: no workflow started, no row written.
 */
@ApiWithDatabase
class BadInputTest {
  static final String ID = "rollback-dev-demo-web-20260102030405-abcd";
  static final String ROLLBACK =
      "{\"service\": \"demo-web\", \"environment\": \"dev\", \"strategy\": \"container-revert\","
          + " \"targetVersion\": \"v1\", \"reason\": \"5xx after v2\"}";
  static final String DEPLOYMENT =
      "{\"service\": \"demo-web\", \"environment\": \"dev\", \"version\": \"v2\"}";
  static final String ACCOUNTING =
      "{\"service\": \"accounting\", \"environment\": \"prod\", \"version\": \"v2\","
          + " \"backup\": \"BACKUP\"}";

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @MockitoSpyBean Rollbacks rollbacks;

  @BeforeEach
  void empty() {
    Tables.empty(jdbc);
    InProcessTemporal.activitiesSucceed();
  }

  /** {@code body} with {@code field} set to the JSON {@code value} ({@code null}: removed). */
  static String with(String body, String field, String value) {
    String without = body.replaceAll("\"" + field + "\": (\"[^\"]*\"|[^,}]+),? ?", "");
    without = without.replace(", }", "}");
    if (value == null) {
      return without;
    }
    return "{\"" + field + "\": " + value + ", " + without.substring(1);
  }

  static Arguments post(String path, String body, int status, String field) {
    return Arguments.of(
        HttpMethod.POST, path, MediaType.APPLICATION_JSON_VALUE, body, Map.of(), status, field);
  }

  static Stream<Arguments> badInputs() {
    String rollbacks = "/api/v1/rollbacks";
    String deployments = "/api/v1/deployments";
    return Stream.of(
        post(rollbacks, with(ROLLBACK, "service", null), 400, "service"),
        post(rollbacks, with(ROLLBACK, "environment", "\"  \""), 400, "environment"),
        post(rollbacks, with(ROLLBACK, "service", "\"billing\""), 400, "service"),
        post(rollbacks, with(ROLLBACK, "environment", "\"production\""), 400, "environment"),
        post(rollbacks, with(ROLLBACK, "strategy", "\"rm-rf\""), 400, "strategy"),
        post(rollbacks, with(ROLLBACK, "strategy", "\"code-revert\""), 400, "strategy"),
        post(rollbacks, with(ROLLBACK, "strategy", null), 400, "strategy"),
        post(rollbacks, with(ROLLBACK, "targetVersion", "\"v1; rm -rf /\""), 400, "targetVersion"),
        post(
            rollbacks,
            with(ROLLBACK, "targetVersion", "\"" + "v".repeat(129) + "\""),
            400,
            "targetVersion"),
        post(rollbacks, with(ROLLBACK, "targetVersion", "152"), 400, "targetVersion"),
        post(rollbacks, with(ROLLBACK, "targetVersion", "\"-rf\""), 400, "targetVersion"),
        post(rollbacks, with(ROLLBACK, "strategies", "[\"code-revert\"]"), 400, "strategies"),
        post(
            rollbacks,
            with(
                with(ROLLBACK, "strategy", null),
                "strategies",
                "[\"container-revert\", \"container-revert\"]"),
            400,
            "strategies"),
        post(rollbacks, with(ROLLBACK, "monitorMinutes", "1441"), 400, "monitorMinutes"),
        post(rollbacks, with(ROLLBACK, "targetVersion", null), 400, "targetVersion"),
        post(rollbacks, with(ROLLBACK, "currentVersion", "\"v1\""), 400, "targetVersion"),
        post(rollbacks, with(ROLLBACK, "currentVersion", "\"$(id)\""), 400, "currentVersion"),
        post(rollbacks, with(ROLLBACK, "reason", "\"   \""), 400, "reason"),
        post(rollbacks, with(ROLLBACK, "reason", "\"" + "x".repeat(2001) + "\""), 400, "reason"),
        post(rollbacks, with(ROLLBACK, "monitorMinutes", "-1"), 400, "monitorMinutes"),
        post(rollbacks, with(ROLLBACK, "monitorMinutes", "\"5\""), 400, "monitorMinutes"),
        post(rollbacks, with(ROLLBACK, "dryRun", "\"yes\""), 400, "dryRun"),
        post(rollbacks, with(ROLLBACK, "targetVerison", "\"v1\""), 400, "targetVerison"),
        post(rollbacks, "{\"service\": \"demo-web\",", 400, "body"),
        post(rollbacks, "[]", 400, "body"),
        post(rollbacks, "", 400, "body"),
        post(rollbacks, with(ROLLBACK, "reason", "\"" + "x".repeat(70_000) + "\""), 413, "body"),
        Arguments.of(
            HttpMethod.POST, rollbacks, "text/plain", ROLLBACK, Map.of(), 415, "Content-Type"),
        Arguments.of(
            HttpMethod.POST,
            rollbacks,
            MediaType.APPLICATION_JSON_VALUE,
            ROLLBACK,
            Map.of("Idempotency-Key", "k".repeat(201)),
            400,
            "Idempotency-Key"),
        post(deployments, with(DEPLOYMENT, "version", null), 400, "version"),
        post(deployments, with(DEPLOYMENT, "version", "\"v 2\""), 400, "version"),
        post(deployments, with(DEPLOYMENT, "service", "\"billing\""), 400, "service"),
        post(deployments, with(DEPLOYMENT, "environment", "\"qa\""), 400, "environment"),
        post(deployments, with(DEPLOYMENT, "gitSha", "\"not-a-sha\""), 400, "gitSha"),
        post(deployments, with(DEPLOYMENT, "image", "\"other/app:v2\""), 400, "image"),
        post(deployments, with(DEPLOYMENT, "backup", "\"backups/db.dump\""), 400, "backup"),
        post(deployments, with(DEPLOYMENT, "version", "\"-rf\""), 400, "version"),
        post(deployments, with(DEPLOYMENT, "migration", "\"--fake\""), 400, "migration"),
        post(deployments, with(DEPLOYMENT, "backup", "\"/var/backups/x.dump\""), 400, "backup"),
        post(deployments, ACCOUNTING.replace("BACKUP", "/etc/shadow"), 400, "backup"),
        post(
            deployments, ACCOUNTING.replace("BACKUP", "/var/backups/accounting2/x"), 400, "backup"),
        post(
            deployments,
            ACCOUNTING.replace("BACKUP", "/var/backups/accounting/../x"),
            400,
            "backup"),
        post(
            deployments,
            ACCOUNTING.replace("BACKUP", "/var/backups/accounting/x\\n"),
            400,
            "backup"),
        post(rollbacks + "/" + ID + "/abort", "{\"reason\": \"\"}", 400, "reason"),
        post(rollbacks + "/" + ID + "/abort", "{\"reason\": \"stop\"}", 404, "id"),
        post(rollbacks + "/" + ID + "/resolve", "{}", 400, "note"),
        post(rollbacks + "/" + ID + "/retry", "{}", 404, "id"),
        post(rollbacks + "/" + ID + "/approvals", "{\"kind\": \"cfo\"}", 400, "kind"),
        post(rollbacks + "/" + ID + "/approvals", "{\"kind\": \"dba\"}", 404, "id"),
        get(rollbacks + "/" + ID, 404, "id"),
        get(rollbacks + "/not-a-rollback", 400, "id"),
        get(rollbacks + "/" + ID + "/report", 404, "id"),
        get(rollbacks + "?status=DONE", 400, "status"),
        get(rollbacks + "?limit=0", 400, "limit"),
        get(rollbacks + "?limit=lots", 400, "limit"),
        get(rollbacks + "?limit=", 400, "limit"),
        get(rollbacks + "?limit=501", 400, "limit"),
        get("/api/v1/services/demo-web/environments/dev/deployments?limit=", 400, "limit"),
        get("/api/v1/services/billing/environments/dev/deployments", 400, "service"),
        get("/api/v1/services/demo-web/environments/qa/deployments", 400, "environment"));
  }

  static Arguments get(String path, int status, String field) {
    return Arguments.of(HttpMethod.GET, path, null, null, Map.of(), status, field);
  }

  @ParameterizedTest(name = "[{index}] {0} {1} → {5} {6}")
  @MethodSource("badInputs")
  void isA4xxProblemNamingTheFieldAndLeavesNoTrace(
      HttpMethod method,
      String path,
      String contentType,
      String body,
      Map<String, String> headers,
      int status,
      String field)
      throws Exception {
    var request =
        MockMvcRequestBuilders.request(method, path).header("Authorization", "Bearer dev-token");
    if (contentType != null) {
      request.contentType(contentType).content(body);
    }
    headers.forEach(request::header);

    MockHttpServletResponse answer = mvc.perform(request).andReturn().getResponse();

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(status);
    assertThat(answer.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    List<String> fields =
        com.jayway.jsonpath.JsonPath.read(answer.getContentAsString(), "$.errors[*].field");
    assertThat(fields).contains(field);
    assertThat(Tables.counts(jdbc))
        .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    verify(rollbacks, never()).start(anyString(), any());
  }
}
