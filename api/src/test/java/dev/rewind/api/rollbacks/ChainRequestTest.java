package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.HostRef;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackPlan.ApprovalPolicy;
import dev.rewind.workflows.RollbackPlan.EscalationPolicy;
import dev.rewind.workflows.RollbackPlan.Versions;
import dev.rewind.workflows.RollbackPlan.WatchPolicy;
import dev.rewind.workflows.Topology;
import dev.rewind.workflows.backup.BackupRestorePlan;
import dev.rewind.workflows.code.CodeRevertPlan;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Chained requests planned from {@code catalogs/chains.yml} and the registry: runbook 000 as one
 * request becomes one plan, its header and each strategy with every default decided and visible,
 * and nothing in it a worker would execute or connect to.
 */
@RollbacksWebTest
@TestPropertySource(properties = "rewind.catalog=src/test/resources/catalogs/chains.yml")
class ChainRequestTest {
  static final String RUNBOOK_000 =
      """
      {"service": "billing", "environment": "prod",
       "strategies": ["backup-restore", "code-revert"], "monitorMinutes": 30,
       "reason": "payroll totals wrong after v2"}
      """;
  static final String BACKUP = "/var/backups/billing/pre-v2.dump";

  @Autowired MockMvc mvc;
  @Autowired RollbackIntake intake;
  @Autowired DeploymentRegistry registry;
  @Autowired Catalog catalog;

  @BeforeEach
  void registry() {
    PlanRequests.accepting(intake, "rollback-prod-billing-20261126090000-abcd");
    Deployment v1 = PlanRequests.deployment(5, "v1", "abc1234def", "0002_journal", null);
    Deployment v2 = PlanRequests.deployment(7, "v2", "fff0000aaa", "0003_audit", BACKUP);
    given(registry.current("billing", "prod")).willReturn(Optional.of(v2));
    given(registry.knownGood("billing", "prod")).willReturn(Optional.of(v1));
    given(registry.newestOf("billing", "prod", "v1")).willReturn(Optional.of(v1));
  }

  @Test
  void runbook000IsOnePlanWithEveryDefaultDecidedAndVisible() throws Exception {
    mvc.perform(RollbacksControllerTest.request("pipeline-token", RUNBOOK_000))
        .andExpect(status().isAccepted())
        .andExpect(
            jsonPath("$.summary")
                .value("backup-restore + code-revert billing prod v2 → v1, watch 30 min"))
        .andExpect(jsonPath("$.plan.strategies[0].strategy").value("backup-restore"))
        .andExpect(jsonPath("$.plan.strategies[0].maxBackupAgeSeconds").value(86400))
        .andExpect(jsonPath("$.plan.strategies[1].strategy").value("code-revert"))
        .andExpect(jsonPath("$.plan.strategies[1].mode").value("REVERT"))
        .andExpect(jsonPath("$.plan.topology.health.expectStatus").value(200))
        .andExpect(jsonPath("$.plan.topology.health.timeoutSeconds").value(60))
        .andExpect(jsonPath("$.plan.versions.fromDeployment").value(7));

    RollbackPlan captured = captured();
    assertThat(captured)
        .isEqualTo(
            new RollbackPlan(
                "billing",
                "prod",
                new Versions("v2", "v1", 7L),
                "payroll totals wrong after v2",
                "deploy-pipeline",
                new Topology(
                    catalog.digest("billing", "prod"),
                    List.of(HostRef.agent("app"), new HostRef("app-2", HostRef.SSH)),
                    new Topology.RolloutPolicy(2, true),
                    HostRef.agent("db"),
                    new Topology.HealthPolicy(200, 60),
                    503,
                    EnumSet.allOf(HostCommand.class)),
                new ApprovalPolicy(List.of("dba", "manager"), 30),
                new EscalationPolicy(15),
                new WatchPolicy(30, 10, 2),
                List.of(
                    new BackupRestorePlan(BACKUP, false, 86_400),
                    new CodeRevertPlan("abc1234def", CodeRevertPlan.Mode.REVERT)),
                captured.detection()));
    assertThat(captured.detection()).isNotNull();
  }

  @Test
  void thePlanNamesCatalogEntriesOnlyNeverWhatAWorkerExecutesOrConnectsTo() throws Exception {
    String answer =
        mvc.perform(RollbacksControllerTest.request("pipeline-token", RUNBOOK_000))
            .andExpect(status().isAccepted())
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertThat(answer)
        .doesNotContain(
            "jdbc:",
            "BILLING_DB_PASSWORD",
            "hooks.example",
            "systemctl",
            "manage.py",
            "/srv/billing",
            "unix://",
            "id_ed25519",
            "127.0.0.1");
  }

  @Test
  void theCatalogsApprovalsReplaceTheDefaultAndAChainWithoutADatabaseNeedsNone() throws Exception {
    given(registry.current("billing", "staging"))
        .willReturn(
            Optional.of(
                PlanRequests.deployment(
                    3, "v2", null, null, "/var/backups/billing-staging/b.dump")));
    mvc.perform(
            RollbacksControllerTest.request(
                "pipeline-token",
                """
                {"service": "billing", "environment": "staging", "strategies": ["backup-restore"],
                 "targetVersion": "v1", "reason": "bad data"}
                """))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.plan.approvals.required[0]").value("manager"))
        .andExpect(jsonPath("$.plan.topology.databaseHost.name").value("app"))
        .andExpect(jsonPath("$.plan.watch.minutes").value(0));

    mvc.perform(
            RollbacksControllerTest.request(
                "pipeline-token",
                """
                {"service": "web", "environment": "prod", "strategy": "container-revert",
                 "targetVersion": "v1", "currentVersion": "v2", "reason": "5xx"}
                """))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.plan.approvals.required").isEmpty())
        .andExpect(jsonPath("$.plan.strategies[0].imageTag").value("v1"))
        .andExpect(jsonPath("$.plan.versions.fromDeployment").isEmpty());
  }

  @Test
  void theRequestsValuesWinOverTheRegistrysDefaults() throws Exception {
    mvc.perform(
            RollbacksControllerTest.request(
                "pipeline-token",
                """
                {"service": "billing", "environment": "prod",
                 "strategies": ["migration-rollback", "code-revert"], "targetMigration": "0001_x",
                 "gitSha": "ABCDEF1", "mode": "checkout", "reason": "0003 broke it"}
                """))
        .andExpect(status().isAccepted());

    assertThat(captured().strategies())
        .containsExactly(
            new dev.rewind.workflows.migration.MigrationRollbackPlan("0001_x"),
            new CodeRevertPlan("abcdef1", CodeRevertPlan.Mode.CHECKOUT));
  }

  @Test
  void theRegistrysMigrationIsTheDefaultTarget() throws Exception {
    mvc.perform(
            RollbacksControllerTest.request(
                "pipeline-token",
                """
                {"service": "billing", "environment": "prod", "strategy": "migration-rollback",
                 "reason": "0003 broke it"}
                """))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.plan.strategies[0].targetMigration").value("0002_journal"));
  }

  @Test
  void aRecordedBackupOutsideTheBackupDirIsRefusedWhenUsed() throws Exception {
    given(registry.current("billing", "prod"))
        .willReturn(Optional.of(PlanRequests.deployment(7, "v2", null, null, "/etc/shadow")));

    mvc.perform(
            RollbacksControllerTest.request(
                "pipeline-token", RUNBOOK_000.replace(", \"code-revert\"", "")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("backup"))
        .andExpect(
            jsonPath(
                "$.errors[0].message",
                containsString("is not under the catalog's database.backupDir")));
    verify(intake, never()).accept(any(), any(), any());
  }

  @Test
  void aRecordedValueStartingWithADashIsRefusedWhenUsed() throws Exception {
    given(registry.knownGood("billing", "prod"))
        .willReturn(Optional.of(PlanRequests.deployment(5, "-oops", null, null, null)));

    mvc.perform(
            RollbacksControllerTest.request(
                "pipeline-token", RUNBOOK_000.replace("\"backup-restore\", ", "")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("targetVersion"))
        .andExpect(
            jsonPath(
                "$.errors[0].message",
                containsString("the registry's known-good version is \"-oops\"")));
  }

  private RollbackPlan captured() {
    return PlanRequests.accepted(intake);
  }
}
