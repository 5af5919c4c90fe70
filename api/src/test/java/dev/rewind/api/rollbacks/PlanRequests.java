package dev.rewind.api.rollbacks;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.workflows.RollbackPlan;
import java.time.Instant;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * What the web-slice tests of {@code POST /rollbacks} share: requests, the intake, registry rows.
 */
final class PlanRequests {
  private PlanRequests() {}

  static MockHttpServletRequestBuilder request(String token, String body) {
    return post("/api/v1/rollbacks")
        .header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body);
  }

  /** The (mocked) intake accepts every plan under {@code id}. */
  static void accepting(RollbackIntake intake, String id) {
    given(intake.accept(any(), any(), any()))
        .willAnswer(call -> new RollbackIntake.Accepted(id, call.getArgument(0), false));
  }

  /** The plan the intake was given. */
  static RollbackPlan accepted(RollbackIntake intake) {
    ArgumentCaptor<RollbackPlan> plan = ArgumentCaptor.forClass(RollbackPlan.class);
    verify(intake).accept(plan.capture(), any(), any());
    return plan.getValue();
  }

  /** A 400 problem whose first error names {@code field} with {@code message}; nothing accepted. */
  static void refused(MockMvc mvc, RollbackIntake intake, String body, String field, String message)
      throws Exception {
    mvc.perform(request("pipeline-token", body))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value(field))
        .andExpect(jsonPath("$.errors[0].message", containsString(message)));
    verify(intake, never()).accept(any(), any(), any());
  }

  /** A DEPLOYED pipeline entry of billing prod. */
  static Deployment deployment(
      long id, String version, String gitSha, String migration, String backup) {
    return new Deployment(
        id,
        "billing",
        "prod",
        version,
        gitSha,
        null,
        migration,
        backup,
        Deployment.DEPLOYED,
        "pipeline",
        null,
        "deploy-pipeline",
        Instant.parse("2026-11-26T08:00:00Z"),
        null);
  }
}
