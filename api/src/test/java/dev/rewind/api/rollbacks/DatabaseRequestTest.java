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

import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.backup.BackupRestorePlan;
import dev.rewind.workflows.migration.MigrationRollbackPlan;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code migration-rollback} and {@code backup-restore} requests, planned from {@code
 * catalogs/database.yml}: the database host by name and nothing of the database's address or
 * password, the approvals, the backup from the request or the registry inside the catalog's {@code
 * backupDir}, and every unsafe value refused before anything starts.
 */
@RollbacksWebTest
@TestPropertySource(properties = "rewind.catalog=src/test/resources/catalogs/database.yml")
class DatabaseRequestTest {
  private static final String MIGRATION =
      """
      {"service": "billing", "environment": "%s", "strategy": "migration-rollback",
       "currentVersion": "v2", "targetVersion": "v1", "targetMigration": "%s",
       "reason": "0003_add_audit_log breaks the journal"}
      """;
  private static final String RESTORE =
      """
      {"service": "billing", "environment": "prod", "strategy": "backup-restore",
       "currentVersion": "v2", "targetVersion": "v1", %s
       "reason": "data corrupted by v2"}
      """;
  private static final String RECORDED = "/var/backups/billing/pre-v2.dump";

  @Autowired MockMvc mvc;
  @Autowired RollbackIntake intake;
  @Autowired DeploymentRegistry registry;

  @BeforeEach
  void accept() {
    PlanRequests.accepting(intake, "rollback-prod-billing-20261126090000-abcd");
    given(registry.current("billing", "prod")).willReturn(Optional.of(current(RECORDED)));
  }

  @Test
  void migrationRollbackNamesTheDatabaseHostOnlyAndWaitsForDbaAndManager() throws Exception {
    mvc.perform(
            RollbacksControllerTest.request(
                "pipeline-token", MIGRATION.formatted("prod", "0002_add_journal_entry")))
        .andExpect(status().isAccepted())
        .andExpect(content().string(org.hamcrest.Matchers.not(containsString("PASSWORD"))))
        .andExpect(content().string(org.hamcrest.Matchers.not(containsString("jdbc:"))));

    RollbackPlan plan = captured();
    assertThat(plan.strategies())
        .containsExactly(new MigrationRollbackPlan("0002_add_journal_entry"));
    assertThat(plan.topology().databaseHost()).isEqualTo(HostRef.agent("db"));
    assertThat(plan.topology().hosts()).containsExactly(HostRef.agent("app"));
    assertThat(plan.approvals())
        .isEqualTo(new RollbackPlan.ApprovalPolicy(List.of("dba", "manager"), 30));
    assertThat(plan.versions()).isEqualTo(new RollbackPlan.Versions("v2", "v1", 2L));
  }

  @Test
  void theCatalogsApprovalsReplaceTheDefaultAndTheFirstHostRunsTheDatabaseTools() throws Exception {
    mvc.perform(
            RollbacksControllerTest.request(
                "pipeline-token", MIGRATION.formatted("staging", "0002_x")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("strategy"))
        .andExpect(jsonPath("$.errors[0].message", containsString("database.migrateDown")));

    String restore =
        RESTORE
            .formatted("\"backup\": \"/var/backups/billing-staging/x.dump\",")
            .replace("\"prod\"", "\"staging\"");
    mvc.perform(RollbacksControllerTest.request("pipeline-token", restore))
        .andExpect(status().isAccepted());
    RollbackPlan plan = captured();
    assertThat(plan.approvals())
        .isEqualTo(new RollbackPlan.ApprovalPolicy(List.of("manager"), 45)); // catalog's timeout
    assertThat(plan.topology().databaseHost()).isEqualTo(HostRef.agent("app"));
  }

  @Test
  void backupRestoreDefaultsToTheBackupRecordedWithTheCurrentDeploymentAndTheCatalogsAge()
      throws Exception {
    mvc.perform(RollbacksControllerTest.request("pipeline-token", RESTORE.formatted("")))
        .andExpect(status().isAccepted());

    assertThat(captured().strategies())
        .containsExactly(new BackupRestorePlan(RECORDED, false, 12 * 3600));
  }

  @Test
  void theRequestsBackupAndAllowStaleBackupWin() throws Exception {
    String body =
        RESTORE.formatted(
            "\"backup\": \"/var/backups/billing/old.dump\", \"allowStaleBackup\": true,");
    mvc.perform(RollbacksControllerTest.request("pipeline-token", body))
        .andExpect(status().isAccepted());

    assertThat(captured().strategies())
        .containsExactly(new BackupRestorePlan("/var/backups/billing/old.dump", true, 12 * 3600));
  }

  @Test
  void withoutABackupAnywhereItIsRefused() throws Exception {
    given(registry.current("billing", "prod")).willReturn(Optional.of(current(null)));
    mvc.perform(RollbacksControllerTest.request("pipeline-token", RESTORE.formatted("")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("backup"))
        .andExpect(jsonPath("$.errors[0].message", containsString("no backup recorded")));
    verify(intake, never()).accept(any(), any(), any());
  }

  static Stream<Arguments> unsafeRecordedBackups() {
    return Stream.of(
        Arguments.of("/var/backups/billing/../../etc/shadow", "without \"..\""),
        Arguments.of("/var/backups/billing/x.dump\n/etc/shadow", "must be an absolute path"),
        Arguments.of(
            "/etc/shadow", "is not under the catalog's database.backupDir /var/backups/billing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafeRecordedBackups")
  void aRecordedBackupThatIsUnsafeOrOutsideTheBackupDirIsRefused(String recorded, String message)
      throws Exception {
    given(registry.current("billing", "prod")).willReturn(Optional.of(current(recorded)));
    mvc.perform(RollbacksControllerTest.request("pipeline-token", RESTORE.formatted("")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("backup"))
        .andExpect(jsonPath("$.errors[0].message", containsString(message)));
    verify(intake, never()).accept(any(), any(), any());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "targetMigration|0002; rm -rf /|must be a migration name",
        "targetMigration|$(id)|must be a migration name",
        "targetMigration|../0002|must be a migration name",
        "targetMigration|--fake|must be a migration name",
        "backup|relative/x.dump|must be an absolute path",
        "backup|/var/backups/../etc/shadow|without \"..\"",
        "backup|/var/backups/billing/x.dump; reboot|must be an absolute path",
        "backup|/var/backups/billing/$(id).dump|must be an absolute path",
        "backup|/var/backups/billing2/x.dump|not under the catalog's database.backupDir"
      })
  void unsafeValuesAreRefusedNamingTheFieldAndNothingStarts(
      String field, String value, String message) throws Exception {
    String json = "\"" + value.replace("\"", "\\\"") + "\"";
    String body =
        field.equals("backup")
            ? RESTORE.formatted("\"backup\": " + json + ",")
            : MIGRATION.formatted("prod", "x").replace("\"x\"", json);
    PlanRequests.refused(mvc, intake, body, field, message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "targetMigration|migration-rollback|, \"targetMigration\": \"0002\"|targetMigration",
        "backup|backup-restore|, \"backup\": \"/var/backups/billing/x.dump\"|backup",
        "allowStaleBackup|backup-restore|, \"allowStaleBackup\": true|allowStaleBackup",
      })
  void databaseFieldsBelongToTheirStrategy(String field, String owner, String extra, String named)
      throws Exception {
    String body =
        """
        {"service": "web", "environment": "prod", "strategy": "container-revert",
         "targetVersion": "v1", "reason": "broken"%s}
        """
            .formatted(extra);
    mvc.perform(RollbacksControllerTest.request("pipeline-token", body))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value(named))
        .andExpect(jsonPath("$.errors[0].message", containsString("only for strategy " + owner)));
  }

  @Test
  void migrationRollbackNeedsATargetMigrationAndADatabaseSection() throws Exception {
    String body = MIGRATION.formatted("prod", "x").replace(", \"targetMigration\": \"x\"", "");
    mvc.perform(RollbacksControllerTest.request("pipeline-token", body))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("targetMigration"))
        .andExpect(jsonPath("$.errors[0].message", containsString("is required")));

    String web = MIGRATION.formatted("prod", "0002").replace("\"billing\"", "\"web\"");
    mvc.perform(RollbacksControllerTest.request("pipeline-token", web))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("strategy"))
        .andExpect(jsonPath("$.errors[0].message", containsString("needs a database section")));
  }

  private RollbackPlan captured() {
    return PlanRequests.accepted(intake);
  }

  private static Deployment current(String backup) {
    return PlanRequests.deployment(2, "v2", null, "0003_add_audit_log", backup);
  }
}
