package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.code.CodeRevertPlan;
import dev.rewind.workflows.flags.FeatureFlagPlan;
import dev.rewind.workflows.flags.FlagValue;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code feature-flag} requests planned from {@code catalogs/feature-flag.yml}: the request's
 * flags, else those recorded with the target version, each name and value checked against the
 * catalog's flags section; the plan holds names and values, never the provider's address or token.
 */
@RollbacksWebTest
@TestPropertySource(properties = "rewind.catalog=src/test/resources/catalogs/feature-flag.yml")
class FeatureFlagRequestTest {
  private static final String REQUEST =
      """
      {"service": "%s", "environment": "prod", "strategies": %s,
       "currentVersion": "v2", "targetVersion": "v1", %s "reason": "double charges"}
      """;

  @Autowired MockMvc mvc;
  @Autowired RollbackIntake intake;
  @Autowired DeploymentRegistry registry;

  @Test
  void theRequestsFlagsArePlannedByNameWithTheirValuesAndNothingElse() throws Exception {
    PlanRequests.accepting(intake, "rollback-prod-shop-20261202090000-abcd");

    mvc.perform(
            PlanRequests.request(
                "pipeline-token",
                REQUEST.formatted(
                    "shop",
                    "[\"feature-flag\", \"code-revert\"]",
                    "\"gitSha\": \"e4f5a6b7\", \"flags\": {\"new-checkout\": false, \"b.eta\":"
                        + " true},")))
        .andExpect(status().isAccepted())
        .andExpect(content().string(not(containsString("4242"))))
        .andExpect(content().string(not(containsString("UNLEASH_ADMIN_TOKEN"))));

    RollbackPlan plan = PlanRequests.accepted(intake);
    assertThat(plan.strategies())
        .containsExactly(
            new FeatureFlagPlan(
                Map.of("b.eta", FlagValue.of(true), "new-checkout", FlagValue.of(false))),
            new CodeRevertPlan("e4f5a6b7", CodeRevertPlan.Mode.REVERT));
  }

  @Test
  void withoutFlagsTheValuesRecordedWithTheTargetVersionAreRestored() throws Exception {
    given(registry.newestOf("shop", "prod", "v1"))
        .willReturn(Optional.of(deployment("v1", Map.of("new-checkout", false))));

    mvc.perform(
            PlanRequests.request(
                "dev-token", REQUEST.formatted("shop", "[\"feature-flag\"]", "\"dryRun\": true,")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.plan.strategies[0].strategy").value("feature-flag"))
        .andExpect(jsonPath("$.plan.strategies[0].flags.new-checkout").value(false))
        .andExpect(jsonPath("$.steps[1].name").value("set flags"))
        .andExpect(jsonPath("$.steps[1].compensation").value("restore flags"));
    verify(intake, never()).accept(any(), any(), any());
  }

  @Test
  void withoutFlagsInTheRequestOrTheRegistryItIsRefusedNamingFlags() throws Exception {
    PlanRequests.refused(
        mvc,
        intake,
        REQUEST.formatted("shop", "[\"feature-flag\"]", ""),
        "flags",
        "neither the request nor the registry's v1 deployment records flag values");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "shop|{\"new-checkout\": \"blue\"}|flags.new-checkout|must be true or false",
        "shop|{\"new-checkout\": 1}|flags.new-checkout|must be true or false, not 1",
        "shop|{\"-rf\": false}|flags|is not a flag name",
        "shop|{}|flags|must name 1 to 64 flags",
        "billing|{\"theme\": \"neon\"}|flags.theme|true, false or one of classic, fancy"
      })
  void aNameOrValueTheCatalogDoesNotAcceptIsRefusedNamingIt(
      String service, String flags, String field, String message) throws Exception {
    PlanRequests.refused(
        mvc,
        intake,
        REQUEST.formatted(service, "[\"feature-flag\"]", "\"flags\": " + flags + ","),
        field,
        message);
  }

  @Test
  void flagsWithoutTheStrategyOrAServiceWithoutAFlagsSectionAreRefused() throws Exception {
    PlanRequests.refused(
        mvc,
        intake,
        REQUEST.formatted("shop", "[\"code-revert\"]", "\"flags\": {\"x\": true},"),
        "flags",
        "is only for strategy feature-flag");
    PlanRequests.refused(
        mvc,
        intake,
        REQUEST.formatted("blog", "[\"feature-flag\"]", "\"flags\": {\"x\": true},"),
        "strategies",
        "feature-flag needs a flags section in services.blog.prod");
  }

  private static Deployment deployment(String version, Map<String, Object> flags) {
    return new Deployment(
        7,
        "shop",
        "prod",
        version,
        null,
        null,
        null,
        null,
        Deployment.DEPLOYED,
        "pipeline",
        null,
        "deploy-pipeline",
        Instant.parse("2026-12-01T08:00:00Z"),
        flags);
  }
}
