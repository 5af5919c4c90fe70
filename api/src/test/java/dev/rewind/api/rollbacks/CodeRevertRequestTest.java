package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.rewind.api.catalog.CatalogLookup;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.security.ApiTokens;
import dev.rewind.api.temporal.TemporalProperties;
import dev.rewind.api.web.StrictJson;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogReader;
import dev.rewind.workflows.CodeTarget;
import dev.rewind.workflows.HealthCheck;
import dev.rewind.workflows.HostTarget;
import dev.rewind.workflows.MaintenanceMode;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RolloutPolicy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code code-revert} requests: planned from the catalog ({@code catalogs/code-revert.yml}) with
 * every host and how to reach it, and values that could reach a command refused before anything
 * starts.
 */
@WebMvcTest(
    controllers = RollbacksController.class,
    properties = {
      "rewind.auth.dev-token=dev-token",
      "rewind.auth.tokens-file=src/test/resources/tokens.yml"
    })
@MockitoBean(types = {RollbackIntake.class, RollbackLedger.class, DeploymentRegistry.class})
@Import({
  CodeRevertRequestTest.TestCatalog.class,
  CatalogLookup.class,
  RollbackPlanner.class,
  RollbackLinks.class,
  ApiTokens.class,
  StrictJson.class
})
class CodeRevertRequestTest {
  private static final String SHA = "e4f5a6b7c8d9";
  private static final String VALID =
      """
      {"service": "shop", "environment": "prod", "strategy": "code-revert",
       "currentVersion": "v2", "targetVersion": "v1", "gitSha": "%s", "mode": "%s",
       "reason": "checkout broken"}
      """;

  @Autowired MockMvc mvc;
  @MockitoBean Rollbacks rollbacks;
  @Autowired RollbackIntake intake;

  @TestConfiguration
  @EnableConfigurationProperties(TemporalProperties.class)
  static class TestCatalog {
    @Bean
    Catalog catalog() {
      return CatalogReader.read(Path.of("src/test/resources/catalogs/code-revert.yml"));
    }
  }

  @Test
  void isPlannedWithEveryHostTheRolloutAndTheFilledCommands() throws Exception {
    given(intake.accept(any(), any(), any()))
        .willAnswer(
            call ->
                new RollbackIntake.Accepted(
                    "rollback-prod-shop-20261126090000-abcd", call.getArgument(0), false));

    mvc.perform(RollbacksControllerTest.request("pipeline-token", VALID.formatted(SHA, "revert")))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.summary").value("code-revert shop prod v2 → v1"));

    ArgumentCaptor<RollbackPlan> captured = ArgumentCaptor.forClass(RollbackPlan.class);
    verify(intake).accept(captured.capture(), any(), any());
    RollbackPlan plan = captured.getValue();
    assertThat(plan.hosts())
        .containsExactly(
            HostTarget.agent("a"),
            new HostTarget(
                "app-2",
                "ssh",
                "127.0.0.1:2222",
                "deploy",
                "/etc/rewind/id_ed25519",
                "/etc/rewind/known_hosts"));
    assertThat(plan.rollout()).isEqualTo(new RolloutPolicy(2, true));
    assertThat(plan.code())
        .isEqualTo(
            new CodeTarget(
                "/srv/{host}/shop",
                List.of("systemctl", "stop", "shop"),
                List.of("systemctl", "start", "shop"),
                List.of("/srv/shop/bin/install", "v1", SHA)));
    assertThat(plan.maintenance())
        .isEqualTo(
            new MaintenanceMode(
                List.of("touch", "/srv/{host}/MAINTENANCE"),
                List.of("rm", "-f", "/srv/{host}/MAINTENANCE"),
                503));
    assertThat(plan.health())
        .isEqualTo(new HealthCheck("http://127.0.0.1:18080/{host}/health", 200, 30));
    assertThat(plan.gitSha()).isEqualTo(SHA);
    assertThat(plan.mode()).isEqualTo("revert");
    assertThat(plan.container()).isNull();
  }

  @Test
  void modeDefaultsToRevert() throws Exception {
    String body = VALID.formatted(SHA, "x").replace(", \"mode\": \"x\"", "");
    mvc.perform(
            RollbacksControllerTest.request("dev-token", body.replace("}", ", \"dryRun\": true}")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.plan.mode").value("revert"))
        .andExpect(jsonPath("$.plan.hosts[1].privateKeyFile").value("/etc/rewind/id_ed25519"));
    verify(intake, never()).accept(any(), any(), any());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gitSha|abc1234; rm -rf /|must be a commit sha",
        "gitSha|$(id)|must be a commit sha",
        "gitSha|abc12|must be a commit sha",
        "gitSha|e4f5a6b7c8d9e4f5a6b7c8d9e4f5a6b7c8d9e4f5a|must be a commit sha",
        "targetVersion|v1`reboot`|must be 1 to 128",
        "targetVersion|v1 && touch /tmp/x|must be 1 to 128",
        "targetVersion|v1>/etc/passwd|must be 1 to 128",
        "currentVersion|v2;id|must be 1 to 128",
        "mode|reset --hard|must be revert or checkout"
      })
  void shellMetacharactersAreRefusedNamingTheFieldAndNothingStarts(
      String field, String value, String message) throws Exception {
    String body =
        switch (field) {
          case "gitSha" -> VALID.formatted(value, "revert");
          case "mode" -> VALID.formatted(SHA, value);
          default ->
              VALID
                  .formatted(SHA, "revert")
                  .replace(
                      "\""
                          + field
                          + "\": \""
                          + (field.equals("targetVersion") ? "v1" : "v2")
                          + "\"",
                      "\"" + field + "\": \"" + value.replace("\"", "\\\"") + "\"");
        };

    mvc.perform(RollbacksControllerTest.request("pipeline-token", body))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value(field))
        .andExpect(jsonPath("$.errors[0].message", containsString(message)));
    verify(intake, never()).accept(any(), any(), any());
  }

  @Test
  void aCatalogCommandUsingGitShaNeedsOne() throws Exception {
    String body = VALID.formatted(SHA, "revert").replace("\"gitSha\": \"" + SHA + "\", ", "");
    mvc.perform(RollbacksControllerTest.request("pipeline-token", body))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("gitSha"))
        .andExpect(jsonPath("$.errors[0].message", containsString("code.reinstall uses it")));
    verify(intake, never()).accept(any(), any(), any());
  }
}
