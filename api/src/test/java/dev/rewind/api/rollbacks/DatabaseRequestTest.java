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
import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.security.ApiTokens;
import dev.rewind.api.temporal.TemporalProperties;
import dev.rewind.api.web.StrictJson;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogReader;
import dev.rewind.workflows.DatabaseTarget;
import dev.rewind.workflows.HostTarget;
import dev.rewind.workflows.RollbackPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
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
 * {@code migration-rollback} and {@code backup-restore} requests, planned from {@code
 * catalogs/database.yml}: the database target without its password, the approvals, the backup from
 * the request or the registry, and every unsafe value refused before anything starts.
 */
@WebMvcTest(
    controllers = RollbacksController.class,
    properties = {
      "rewind.auth.dev-token=dev-token",
      "rewind.auth.tokens-file=src/test/resources/tokens.yml"
    })
@MockitoBean(types = {RollbackIntake.class, RollbackLedger.class, DeploymentRegistry.class})
@Import({
  DatabaseRequestTest.TestCatalog.class,
  CatalogLookup.class,
  RollbackPlanner.class,
  RollbackLinks.class,
  ApiTokens.class,
  StrictJson.class
})
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
  @MockitoBean Rollbacks rollbacks;
  @Autowired RollbackIntake intake;
  @Autowired DeploymentRegistry registry;

  @TestConfiguration
  @EnableConfigurationProperties(TemporalProperties.class)
  static class TestCatalog {
    @Bean
    Catalog catalog() {
      return CatalogReader.read(Path.of("src/test/resources/catalogs/database.yml"));
    }
  }

  @BeforeEach
  void accept() {
    given(intake.accept(any(), any(), any()))
        .willAnswer(
            call ->
                new RollbackIntake.Accepted(
                    "rollback-prod-billing-20261126090000-abcd", call.getArgument(0), false));
    given(registry.current("billing", "prod")).willReturn(Optional.of(current(RECORDED)));
  }

  @Test
  void migrationRollbackCarriesTheDatabaseWithoutItsPasswordAndWaitsForDbaAndManager()
      throws Exception {
    mvc.perform(
            RollbacksControllerTest.request(
                "pipeline-token", MIGRATION.formatted("prod", "0002_add_journal_entry")))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.plan.database.passwordEnv").value("BILLING_DB_PASSWORD"))
        .andExpect(content().string(org.hamcrest.Matchers.not(containsString("password\""))));

    RollbackPlan plan = captured();
    assertThat(plan.database())
        .isEqualTo(
            new DatabaseTarget(
                HostTarget.agent("db"),
                "jdbc:postgresql://127.0.0.1:5432/billing",
                "billing",
                "BILLING_DB_PASSWORD",
                "/var/backups/rewind/billing",
                3,
                Duration.ofHours(12),
                List.of("python", "manage.py", "migrate", "accounting", "0002_add_journal_entry"),
                List.of("SELECT count(*) > 0 FROM accounting_journal")));
    assertThat(plan.targetMigration()).isEqualTo("0002_add_journal_entry");
    assertThat(plan.approvals()).containsExactly("dba", "manager");
    assertThat(plan.approvalTimeout()).isEqualTo(30);
    assertThat(plan.hosts()).containsExactly(HostTarget.agent("app"));
    assertThat(plan.code().stop()).containsExactly("systemctl", "stop", "billing");
    assertThat(plan.gitSha()).isNull();
    assertThat(plan.backup()).isNull();
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
        RESTORE.formatted("\"backup\": \"/b/x.dump\",").replace("\"prod\"", "\"staging\"");
    mvc.perform(RollbacksControllerTest.request("pipeline-token", restore))
        .andExpect(status().isAccepted());
    RollbackPlan plan = captured();
    assertThat(plan.approvals()).containsExactly("manager");
    assertThat(plan.database().host()).isEqualTo(HostTarget.agent("app"));
  }

  @Test
  void backupRestoreDefaultsToTheBackupRecordedWithTheCurrentDeployment() throws Exception {
    mvc.perform(RollbacksControllerTest.request("pipeline-token", RESTORE.formatted("")))
        .andExpect(status().isAccepted());

    RollbackPlan plan = captured();
    assertThat(plan.backup()).isEqualTo(RECORDED);
    assertThat(plan.allowStaleBackup()).isFalse();
    assertThat(plan.strategy()).isEqualTo("backup-restore");
  }

  @Test
  void theRequestsBackupAndAllowStaleBackupWin() throws Exception {
    String body = RESTORE.formatted("\"backup\": \"/srv/b/old.dump\", \"allowStaleBackup\": true,");
    mvc.perform(RollbacksControllerTest.request("pipeline-token", body))
        .andExpect(status().isAccepted());

    RollbackPlan plan = captured();
    assertThat(plan.backup()).isEqualTo("/srv/b/old.dump");
    assertThat(plan.allowStaleBackup()).isTrue();
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

  @Test
  void aRecordedBackupWithDotDotIsRefused() throws Exception {
    given(registry.current("billing", "prod"))
        .willReturn(Optional.of(current("/var/backups/../../etc/shadow")));
    mvc.perform(RollbacksControllerTest.request("pipeline-token", RESTORE.formatted("")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("backup"));
    verify(intake, never()).accept(any(), any(), any());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "targetMigration|0002; rm -rf /|must be a migration name",
        "targetMigration|$(id)|must be a migration name",
        "targetMigration|../0002|must be a migration name",
        "backup|relative/x.dump|must be an absolute path",
        "backup|/var/backups/../etc/shadow|without \"..\"",
        "backup|/b/x.dump; reboot|must be an absolute path",
        "backup|/b/$(id).dump|must be an absolute path"
      })
  void unsafeValuesAreRefusedNamingTheFieldAndNothingStarts(
      String field, String value, String message) throws Exception {
    String json = "\"" + value.replace("\"", "\\\"") + "\"";
    String body =
        field.equals("backup")
            ? RESTORE.formatted("\"backup\": " + json + ",")
            : MIGRATION.formatted("prod", "x").replace("\"x\"", json);
    mvc.perform(RollbacksControllerTest.request("pipeline-token", body))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value(field))
        .andExpect(jsonPath("$.errors[0].message", containsString(message)));
    verify(intake, never()).accept(any(), any(), any());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "targetMigration|migration-rollback|, \"targetMigration\": \"0002\"|targetMigration",
        "backup|backup-restore|, \"backup\": \"/b/x.dump\"|backup",
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
    ArgumentCaptor<RollbackPlan> plan = ArgumentCaptor.forClass(RollbackPlan.class);
    verify(intake).accept(plan.capture(), any(), any());
    return plan.getValue();
  }

  private static Deployment current(String backup) {
    return new Deployment(
        2,
        "billing",
        "prod",
        "v2",
        null,
        null,
        "0003_add_audit_log",
        backup,
        Deployment.DEPLOYED,
        "pipeline",
        null,
        "deploy-pipeline",
        Instant.parse("2026-11-26T08:00:00Z"));
  }
}
