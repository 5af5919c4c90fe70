package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.rewind.api.temporal.TemporalUnavailableException;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.Precondition;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.Topology;
import dev.rewind.workflows.container.ContainerRevertPlan;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@RollbacksWebTest
@TestPropertySource(properties = "rewind.catalog=src/test/resources/catalogs/api-test.yml")
class RollbacksControllerTest {
  static final String ID = "rollback-dev-demo-web-20260102030405-abcd";
  static final String VALID =
      """
      {"service": "demo-web", "environment": "dev", "strategy": "container-revert",
       "targetVersion": "v1.5.2", "currentVersion": "v1.5.3", "reason": "5xx after deploy"}
      """;

  @Autowired MockMvc mvc;
  @Autowired Rollbacks rollbacks;
  @Autowired Preflight preflight;
  @Autowired RollbackIntake intake;
  @Autowired Catalog catalog;

  static MockHttpServletRequestBuilder request(String token, String body) {
    return PlanRequests.request(token, body);
  }

  @Test
  void aPipelineRequestStartsTheRollbackAndAnswers202() throws Exception {
    PlanRequests.accepting(intake, ID);

    mvc.perform(request("pipeline-token", VALID))
        .andExpect(status().isAccepted())
        .andExpect(header().string("Location", "/api/v1/rollbacks/" + ID))
        .andExpect(jsonPath("$.id").value(ID))
        .andExpect(jsonPath("$.status").value("PLANNED"))
        .andExpect(jsonPath("$.summary").value("container-revert demo-web dev v1.5.3 → v1.5.2"))
        .andExpect(jsonPath("$.plan.versions.to").value("v1.5.2"))
        .andExpect(jsonPath("$.plan.strategies[0].strategy").value("container-revert"))
        .andExpect(jsonPath("$.plan.requestedBy").value("deploy-pipeline"))
        .andExpect(jsonPath("$.links.self").value("/api/v1/rollbacks/" + ID))
        .andExpect(
            jsonPath("$.links.temporalUi")
                .value("http://temporal.test:8233/namespaces/rewind/workflows/" + ID));

    RollbackPlan accepted = PlanRequests.accepted(intake);
    // detected when the api accepted the request, no assessment
    assertThat(accepted.detection().atMillis())
        .isCloseTo(System.currentTimeMillis(), within(60_000L));
    assertThat(accepted.detection().assessment()).isNull();
    assertThat(accepted)
        .isEqualTo(
            new RollbackPlan(
                "demo-web",
                "dev",
                new RollbackPlan.Versions("v1.5.3", "v1.5.2", null),
                "5xx after deploy",
                "deploy-pipeline",
                new Topology(
                    catalog.digest("demo-web", "dev"),
                    List.of(new HostRef("app-2", HostRef.SSH), HostRef.agent("local")),
                    Topology.RolloutPolicy.ONE_AT_A_TIME,
                    null,
                    new Topology.HealthPolicy(204, 120),
                    null,
                    Set.of()),
                new RollbackPlan.ApprovalPolicy(List.of(), 30),
                new RollbackPlan.EscalationPolicy(15),
                new RollbackPlan.WatchPolicy(0, 30, 3),
                List.of(new ContainerRevertPlan("v1.5.2")),
                accepted.detection()));
  }

  @Test
  void aDryRunAnswersThePlanItsStepsApprovalsAndPreconditionsAndStartsNothing() throws Exception {
    given(rollbacks.newId(any())).willReturn(ID);
    given(preflight.check(eq(ID), any()))
        .willReturn(List.of(new Precondition("hosts", "app-2 reachable over ssh", true, "ok")));

    mvc.perform(request("dev-token", VALID.replace("}", ", \"dryRun\": true}")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.dryRun").value(true))
        .andExpect(jsonPath("$.id").doesNotExist())
        .andExpect(jsonPath("$.plan.requestedBy").value("dev"))
        .andExpect(jsonPath("$.plan.topology.hosts[0].name").value("app-2"))
        .andExpect(jsonPath("$.steps").isArray())
        .andExpect(jsonPath("$.approvals").isEmpty())
        .andExpect(jsonPath("$.preconditions[0].field").value("hosts"))
        .andExpect(jsonPath("$.preconditions[0].holds").value(true));

    verify(intake, never()).accept(any(), any(), any());
  }

  @Test
  void aDryRunWhosePreconditionFailsIs400NamingItsFieldAndStartsNothing() throws Exception {
    given(preflight.check(any(), any()))
        .willReturn(
            List.of(
                new Precondition("hosts", "local reachable", true, "agent polling"),
                new Precondition("targetVersion", "image app:v1.5.2 present", false, "not found")));

    mvc.perform(request("dev-token", VALID.replace("}", ", \"dryRun\": true}")))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("targetVersion"))
        .andExpect(jsonPath("$.errors[0].message").value("image app:v1.5.2 present: not found"))
        .andExpect(jsonPath("$.preconditions", hasSize(2)));
    verify(intake, never()).accept(any(), any(), any());
  }

  @Test
  void aDryRunWithTemporalDownIs503() throws Exception {
    given(preflight.check(any(), any()))
        .willThrow(new TemporalUnavailableException("Temporal is unavailable (UNAVAILABLE)", null));

    mvc.perform(request("dev-token", VALID.replace("}", ", \"dryRun\": true}")))
        .andExpect(status().isServiceUnavailable());
    verify(intake, never()).accept(any(), any(), any());
  }

  @Test
  void temporalBeingDownIsA503AndNothingIsAccepted() throws Exception {
    String why = "Temporal is unavailable (UNAVAILABLE): nothing was started, try again";
    given(intake.accept(any(), any(), any()))
        .willThrow(new TemporalUnavailableException(why, null));

    mvc.perform(request("pipeline-token", VALID))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(header().exists("Retry-After"))
        .andExpect(jsonPath("$.detail").value(why))
        .andExpect(jsonPath("$.id").doesNotExist());
  }

  @Test
  void aRequestWithoutTokenIs401() throws Exception {
    mvc.perform(post("/api/v1/rollbacks").contentType(MediaType.APPLICATION_JSON).content(VALID))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    verify(intake, never()).accept(any(), any(), any());
  }

  @Test
  void anUnknownTokenIs401() throws Exception {
    mvc.perform(request("guess", VALID))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.detail", containsString("not a known Rewind API token")));
  }

  @Test
  void aTokenWithoutThePipelineRoleIs403() throws Exception {
    mvc.perform(request("operator-token", VALID))
        .andExpect(status().isForbidden())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail", containsString("needs the role pipeline")));
    verify(intake, never()).accept(any(), any(), any());
  }

  @Test
  void aBodyThatIsNotJsonIs415() throws Exception {
    mvc.perform(
            post("/api/v1/rollbacks")
                .header("Authorization", "Bearer pipeline-token")
                .contentType(MediaType.TEXT_PLAIN)
                .content("roll back please"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }
}
