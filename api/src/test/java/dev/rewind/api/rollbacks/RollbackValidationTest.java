package dev.rewind.api.rollbacks;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Every refused request is a 400 problem whose detail and errors name the field at fault. */
@RollbacksWebTest
@TestPropertySource(properties = "rewind.catalog=src/test/resources/catalogs/api-test.yml")
class RollbackValidationTest {
  @Autowired MockMvc mvc;
  @Autowired RollbackIntake intake;

  /** The valid request with one field changed; {@code null} removes it. */
  private static String with(String field, String json) {
    String service = "\"service\": \"demo-web\"";
    String environment = "\"environment\": \"dev\"";
    String strategy = "\"strategy\": \"container-revert\"";
    String target = "\"targetVersion\": \"v1.5.2\"";
    String reason = "\"reason\": \"5xx after deploy\"";
    StringBuilder body = new StringBuilder("{");
    for (String pair : new String[] {service, environment, strategy, target, reason}) {
      boolean replaced = pair.startsWith("\"" + field + "\"");
      if (!replaced) {
        body.append(pair).append(", ");
      }
    }
    if (json != null) {
      body.append("\"").append(field).append("\": ").append(json).append(", ");
    }
    return body.substring(0, body.length() - 2) + "}";
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        Arguments.of(with("service", null), "service", "is required"),
        Arguments.of(with("service", "\"billing\""), "service", "unknown service \"billing\""),
        Arguments.of(with("environment", "\"prod\""), "environment", "has no environment \"prod\""),
        Arguments.of(with("environment", "\"\""), "environment", "is required"),
        Arguments.of(
            with("strategy", "\"code-revert\""),
            "strategy",
            "code-revert needs a code section in services.demo-web.dev"),
        Arguments.of(with("gitSha", "\"abc1234\""), "gitSha", "only for strategy code-revert"),
        Arguments.of(with("strategy", "\"rm-rf\""), "strategy", "unknown strategy \"rm-rf\""),
        Arguments.of(
            with("service", "\"static-site\"").replace("\"dev\"", "\"prod\""),
            "strategy",
            "container-revert needs a container section in services.static-site.prod"),
        Arguments.of(with("targetVersion", null), "targetVersion", "is required"),
        Arguments.of(
            with("targetVersion", "\"v1; rm -rf /\""), "targetVersion", "must be 1 to 128"),
        Arguments.of(
            with("targetVersion", "\"" + "v".repeat(129) + "\""),
            "targetVersion",
            "must be 1 to 128"),
        Arguments.of(with("currentVersion", "\"$(id)\""), "currentVersion", "must be 1 to 128"),
        Arguments.of(with("reason", "\"   \""), "reason", "is required"),
        Arguments.of(with("reason", "\"" + "x".repeat(2001) + "\""), "reason", "at most 2000"),
        Arguments.of(with("monitorMinutes", "1441"), "monitorMinutes", "between 0 and 1440"),
        Arguments.of(with("strategy", null), "strategy", "missing: send strategy"),
        Arguments.of(with("strategies", "\"code-revert\""), "strategies", "wrong type"),
        Arguments.of(with("strategies", "[\"container-revert\"]"), "strategies", "not both"),
        Arguments.of(with("monitorMinutes", "-1"), "monitorMinutes", "between 0 and 1440"),
        Arguments.of(with("monitorMinutes", "\"5\""), "monitorMinutes", "must be a whole number"),
        Arguments.of(with("targetVerison", "\"v1\""), "targetVerison", "is not a known field"),
        Arguments.of(with("dryRun", "\"yes\""), "dryRun", "must be true or false"),
        Arguments.of(with("targetVersion", "152"), "targetVersion", "must be a string"),
        Arguments.of("{\"service\": \"demo-web\",", "body", "is not valid JSON"),
        Arguments.of("[]", "body", "must be one JSON object"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("invalidRequests")
  void isRefusedNamingTheField(String body, String field, String message) throws Exception {
    mvc.perform(RollbacksControllerTest.request("pipeline-token", body))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail", containsString(field + ": ")))
        .andExpect(jsonPath("$.errors[0].field").value(field))
        .andExpect(jsonPath("$.errors[0].message", containsString(message)));
    verify(intake, never()).accept(any(), any(), any());
  }
}
