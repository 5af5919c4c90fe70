package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.Topology;
import dev.rewind.workflows.code.CodeRevertPlan;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code code-revert} requests planned from {@code catalogs/code-revert.yml}: every host by name
 * with how it is reached, the rollout, maintenance's expected status and the commands the catalog
 * declares; values that could reach a command refused before anything starts.
 */
@RollbacksWebTest
@TestPropertySource(properties = "rewind.catalog=src/test/resources/catalogs/code-revert.yml")
class CodeRevertRequestTest {
  private static final String SHA = "e4f5a6b7c8d9";
  private static final String VALID =
      """
      {"service": "shop", "environment": "prod", "strategy": "code-revert",
       "currentVersion": "v2", "targetVersion": "v1", "gitSha": "%s", "mode": "%s",
       "reason": "checkout broken"}
      """;

  @Autowired MockMvc mvc;
  @Autowired RollbackIntake intake;

  @Test
  void isPlannedWithEveryHostByNameTheRolloutAndTheDeclaredCommands() throws Exception {
    PlanRequests.accepting(intake, "rollback-prod-shop-20261126090000-abcd");

    mvc.perform(RollbacksControllerTest.request("pipeline-token", VALID.formatted(SHA, "revert")))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.summary").value("code-revert shop prod v2 → v1"));

    RollbackPlan plan = PlanRequests.accepted(intake);
    Topology topology = plan.topology();
    assertThat(topology.hosts())
        .containsExactly(HostRef.agent("a"), new HostRef("app-2", HostRef.SSH));
    assertThat(topology.rollout()).isEqualTo(new Topology.RolloutPolicy(2, true));
    assertThat(topology.health()).isEqualTo(new Topology.HealthPolicy(200, 30));
    assertThat(topology.maintenanceStatus()).isEqualTo(503);
    assertThat(topology.databaseHost()).isNull();
    assertThat(topology.commands())
        .isEqualTo(
            EnumSet.of(
                HostCommand.MAINTENANCE_ON,
                HostCommand.MAINTENANCE_OFF,
                HostCommand.STOP,
                HostCommand.START,
                HostCommand.REINSTALL));
    assertThat(topology.catalogDigest()).hasSize(64);
    assertThat(plan.strategies())
        .containsExactly(new CodeRevertPlan(SHA, CodeRevertPlan.Mode.REVERT));
    assertThat(plan.approvals().required()).isEmpty();
  }

  @Test
  void modeDefaultsToRevert() throws Exception {
    String body = VALID.formatted(SHA, "x").replace(", \"mode\": \"x\"", "");
    mvc.perform(
            RollbacksControllerTest.request("dev-token", body.replace("}", ", \"dryRun\": true}")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.plan.strategies[0].mode").value("REVERT"))
        .andExpect(jsonPath("$.plan.topology.hosts[1].transport").value("ssh"))
        .andExpect(content().string(org.hamcrest.Matchers.not(containsString("id_ed25519"))));
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
        "targetVersion|--upload-pack=touch /tmp/x|must be 1 to 128",
        "currentVersion|v2;id|must be 1 to 128",
        "mode|reset --hard|must be revert or checkout"
      })
  void shellMetacharactersAndOptionsAreRefusedNamingTheFieldAndNothingStarts(
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

    PlanRequests.refused(mvc, intake, body, field, message);
  }

  @Test
  void withoutAGitShaInTheRequestOrTheRegistryItIsRefused() throws Exception {
    String body = VALID.formatted(SHA, "revert").replace("\"gitSha\": \"" + SHA + "\", ", "");
    mvc.perform(RollbacksControllerTest.request("pipeline-token", body))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("gitSha"))
        .andExpect(
            jsonPath(
                "$.errors[0].message",
                containsString("neither the request nor the registry's v1 deployment")));
    verify(intake, never()).accept(any(), any(), any());
  }
}
