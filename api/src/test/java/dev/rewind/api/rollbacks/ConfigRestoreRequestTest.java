package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.code.CodeRevertPlan;
import dev.rewind.workflows.config.ConfigRestorePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code config-restore} requests planned from {@code catalogs/config-restore.yml}: the backup set
 * is the target version's unless {@code configBackup} names another, a single path segment; the
 * catalog decides reload or restart; the strategy chains with the others.
 */
@RollbacksWebTest
@TestPropertySource(properties = "rewind.catalog=src/test/resources/catalogs/config-restore.yml")
class ConfigRestoreRequestTest {
  private static final String VALID =
      """
      {"service": "web", "environment": "prod", "strategy": "config-restore",
       "currentVersion": "v2", "targetVersion": "v1", "reason": "nginx answers 502"%s}
      """;

  @Autowired MockMvc mvc;
  @Autowired RollbackIntake intake;

  @Test
  void theTargetVersionsSetIsRestoredAndReloaded() throws Exception {
    PlanRequests.accepting(intake, "rollback-prod-web-20261126090000-abcd");

    mvc.perform(RollbacksControllerTest.request("pipeline-token", VALID.formatted("")))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.summary").value("config-restore web prod v2 → v1"));

    RollbackPlan plan = PlanRequests.accepted(intake);
    assertThat(plan.strategies()).containsExactly(new ConfigRestorePlan("v1", false));
  }

  @Test
  void configBackupNamesAnotherSetAndTheDryRunShowsNoPath() throws Exception {
    mvc.perform(
            RollbacksControllerTest.request(
                "dev-token",
                VALID.formatted(", \"configBackup\": \"v1-hotfix.2\", \"dryRun\": true")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.plan.strategies[0].strategy").value("config-restore"))
        .andExpect(jsonPath("$.plan.strategies[0].backupSet").value("v1-hotfix.2"))
        .andExpect(content().string(org.hamcrest.Matchers.not(containsString("/var/backups"))));
  }

  @Test
  void anEnvFileIsRestartedNotReloaded() throws Exception {
    PlanRequests.accepting(intake, "rollback-prod-billing-20261126090000-abcd");
    String body = VALID.formatted("").replace("\"web\"", "\"billing\"");

    mvc.perform(RollbacksControllerTest.request("pipeline-token", body))
        .andExpect(status().isAccepted());

    assertThat(PlanRequests.accepted(intake).strategies())
        .containsExactly(new ConfigRestorePlan("v1", true));
  }

  @Test
  void chainsWithCodeRevert() throws Exception {
    PlanRequests.accepting(intake, "rollback-prod-web-20261126090000-abcd");
    String body =
        VALID
            .formatted(", \"gitSha\": \"abc1234\"")
            .replace(
                "\"strategy\": \"config-restore\"",
                "\"strategies\": [\"config-restore\", \"code-revert\"]");

    mvc.perform(RollbacksControllerTest.request("pipeline-token", body))
        .andExpect(status().isAccepted());

    assertThat(PlanRequests.accepted(intake).strategies())
        .containsExactly(
            new ConfigRestorePlan("v1", false),
            new CodeRevertPlan("abc1234", CodeRevertPlan.Mode.REVERT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc", "v1/../../x", "-rf", ".rewind", "a b", "/etc/nginx", ""})
  void aConfigBackupThatIsNoSinglePathSegmentIsRefused(String set) throws Exception {
    PlanRequests.refused(
        mvc,
        intake,
        VALID.formatted(", \"configBackup\": \"" + set + "\""),
        "configBackup",
        "must be 1 to 128");
  }

  @Test
  void anEnvironmentWithoutAConfigSectionIsRefused() throws Exception {
    String body = VALID.formatted("").replace("\"web\"", "\"billing\"").replace("prod", "bare");
    PlanRequests.refused(mvc, intake, body, "strategy", "config section");
  }

  @Test
  void configBackupWithoutConfigRestoreIsRefused() throws Exception {
    String body =
        VALID
            .formatted(", \"configBackup\": \"v1\", \"gitSha\": \"abc1234\"")
            .replace("config-restore", "code-revert");
    PlanRequests.refused(mvc, intake, body, "configBackup", "config-restore");
  }
}
