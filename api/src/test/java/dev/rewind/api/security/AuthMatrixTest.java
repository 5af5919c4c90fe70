package dev.rewind.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.testing.ApiWithDatabase;
import dev.rewind.api.testing.InProcessTemporal;
import dev.rewind.api.testing.Tables;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Who may call what. Every endpoint refuses a request without a token or with an unknown one (401).
 * Every endpoint that changes something refuses a valid token without its role (403); reads are
 * open to every valid token, because every role (pipeline, operator, approvers) needs to read.
 * Tokens: pipeline-token (pipeline), ops-token (operator), dba-token (approver:dba), manager-token
 * (approver:manager). Outside {@code /api} only the health probes are open: metrics, the OpenAPI
 * document and Swagger UI need a token of any role.
 */
@ApiWithDatabase
class AuthMatrixTest {
  static final String ID = "rollback-dev-demo-web-20260102030405-abcd";
  static final String ROLLBACK =
      "{\"service\": \"demo-web\", \"environment\": \"dev\", \"strategy\": \"container-revert\","
          + " \"targetVersion\": \"v1\", \"reason\": \"5xx\"}";

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void empty() {
    Tables.empty(jdbc);
    InProcessTemporal.activitiesSucceed();
  }

  /** method, path, body, a valid token without the needed role (null: any valid token reads). */
  static Stream<Arguments> endpoints() {
    String r = "/api/v1/rollbacks";
    return Stream.of(
        Arguments.of(
            HttpMethod.POST,
            "/api/v1/deployments",
            "{\"service\": \"demo-web\", \"environment\": \"dev\", \"version\": \"v1\"}",
            "ops-token"),
        Arguments.of(
            HttpMethod.GET, "/api/v1/services/demo-web/environments/dev/deployments", null, null),
        Arguments.of(
            HttpMethod.GET, "/api/v1/services/demo-web/environments/dev/snapshots", null, null),
        Arguments.of(HttpMethod.POST, r, ROLLBACK, "ops-token"),
        Arguments.of(HttpMethod.POST, r, ROLLBACK, "dba-token"),
        Arguments.of(HttpMethod.GET, r, null, null),
        Arguments.of(HttpMethod.GET, r + "/" + ID, null, null),
        Arguments.of(HttpMethod.GET, r + "/" + ID + "/report", null, null),
        Arguments.of(
            HttpMethod.POST, r + "/" + ID + "/approvals", "{\"kind\": \"dba\"}", "pipeline-token"),
        Arguments.of(
            HttpMethod.POST, r + "/" + ID + "/approvals", "{\"kind\": \"dba\"}", "ops-token"),
        Arguments.of(
            HttpMethod.POST, r + "/" + ID + "/abort", "{\"reason\": \"stop\"}", "pipeline-token"),
        Arguments.of(
            HttpMethod.POST, r + "/" + ID + "/abort", "{\"reason\": \"stop\"}", "manager-token"),
        Arguments.of(HttpMethod.POST, r + "/" + ID + "/retry", "{}", "pipeline-token"),
        Arguments.of(HttpMethod.POST, r + "/" + ID + "/retry", "{}", "dba-token"),
        Arguments.of(
            HttpMethod.POST, r + "/" + ID + "/resolve", "{\"note\": \"fixed\"}", "pipeline-token"),
        Arguments.of(
            HttpMethod.POST, r + "/" + ID + "/resolve", "{\"note\": \"fixed\"}", "manager-token"));
  }

  @ParameterizedTest(name = "{0} {1} without token → 401")
  @MethodSource("endpoints")
  void withoutTokenIs401(HttpMethod method, String path, String body, String wrongRole)
      throws Exception {
    MockHttpServletResponse answer = call(method, path, body, null);

    assertThat(answer.getStatus()).isEqualTo(401);
    assertThat(answer.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(answer.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertNothingRecorded();
  }

  @ParameterizedTest(name = "{0} {1} with an unknown token → 401")
  @MethodSource("endpoints")
  void withAnUnknownTokenIs401(HttpMethod method, String path, String body, String wrongRole)
      throws Exception {
    assertThat(call(method, path, body, "guessed-token").getStatus()).isEqualTo(401);
    assertNothingRecorded();
  }

  @ParameterizedTest(name = "{0} {1} with {3} → 403 (reads: every role passes)")
  @MethodSource("endpoints")
  void withAValidTokenWithoutTheRoleIs403(
      HttpMethod method, String path, String body, String wrongRole) throws Exception {
    if (wrongRole == null) {
      for (String token :
          new String[] {"pipeline-token", "ops-token", "dba-token", "manager-token"}) {
        assertThat(call(method, path, body, token).getStatus()).as(token).isNotIn(401, 403);
      }
      return;
    }
    MockHttpServletResponse answer = call(method, path, body, wrongRole);

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(403);
    assertThat(answer.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(answer.getContentAsString()).contains("role");
    assertNothingRecorded();
  }

  @Test
  void anApprovalOfTheWrongKindIs403() throws Exception {
    MockHttpServletResponse answer =
        call(
            HttpMethod.POST,
            "/api/v1/rollbacks/" + ID + "/approvals",
            "{\"kind\": \"manager\"}",
            "dba-token");

    assertThat(answer.getStatus()).isEqualTo(403);
    assertThat(answer.getContentAsString()).contains("needs the role approver:manager");
    assertNothingRecorded();
  }

  @Test
  void healthProbesNeedNoToken() throws Exception {
    assertThat(call(HttpMethod.GET, "/actuator/health", null, null).getStatus()).isEqualTo(200);
    assertThat(call(HttpMethod.GET, "/actuator/health/liveness", null, null).getStatus())
        .isEqualTo(200);
  }

  @ParameterizedTest(name = "GET {0} without token → 401, with any role's token → 200")
  @ValueSource(
      strings = {
        "/actuator/prometheus",
        "/actuator/info",
        "/v3/api-docs",
        "/v3/api-docs/swagger-config",
        "/swagger-ui.html",
        "/swagger-ui/index.html"
      })
  void metricsAndTheApiDocumentNeedAToken(String path) throws Exception {
    MockHttpServletResponse without = call(HttpMethod.GET, path, null, null);
    assertThat(without.getStatus()).isEqualTo(401);
    assertThat(without.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(without.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(call(HttpMethod.GET, path, null, "guessed-token").getStatus()).isEqualTo(401);

    for (String token : new String[] {"pipeline-token", "ops-token", "dba-token"}) {
      assertThat(call(HttpMethod.GET, path, null, token).getStatus()).as(token).isIn(200, 302);
    }
  }

  private MockHttpServletResponse call(HttpMethod method, String path, String body, String token)
      throws Exception {
    var request = MockMvcRequestBuilders.request(method, path);
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return mvc.perform(request).andReturn().getResponse();
  }

  private void assertNothingRecorded() {
    assertThat(Tables.counts(jdbc))
        .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
  }
}
