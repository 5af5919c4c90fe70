package dev.rewind.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.api.deployments.DeploymentRequest;
import dev.rewind.api.testing.LedgerDatabase;
import dev.rewind.api.testing.Plans;
import dev.rewind.api.testing.Tables;
import dev.rewind.workflows.Approval;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger activities against the real database: the registry marks exactly the deployment a
 * rollback rolled back from, once; the outcome closes the row; approvals and operator actions are
 * read back as the api recorded them; rollbacks of the previous version still get their registry
 * update.
 */
@LedgerDatabase
class LedgerActivitiesTest {
  static final String ID = "rollback-dev-demo-web-20261126090000-abcd";

  @Autowired ServedLedgerActivities ledgerActivities;
  @Autowired RollbackLedger ledger;
  @Autowired ActionLog actions;
  @Autowired DeploymentRegistry registry;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void empty() {
    Tables.empty(jdbc);
  }

  @Test
  void theChainSucceededMarksTheDeploymentRolledBackFromByIdEvenWhenANewerOneWasRecorded() {
    deploy("v1");
    Deployment v2 = deploy("v2");
    RollbackPlan plan = plan(v2.id());
    ledger.insert(ID, plan, null, "hash");
    Deployment v3 = deploy("v3");

    ledgerActivities.recordRolledBack(ID, plan);
    ledgerActivities.recordRolledBack(ID, plan);

    List<Deployment> history = registry.history("demo-web", "dev", 10);
    assertThat(history)
        .extracting(Deployment::version, Deployment::status, Deployment::source)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("v1", Deployment.DEPLOYED, "rollback"),
            org.assertj.core.groups.Tuple.tuple("v3", Deployment.DEPLOYED, "pipeline"),
            org.assertj.core.groups.Tuple.tuple("v2", Deployment.ROLLED_BACK, "pipeline"),
            org.assertj.core.groups.Tuple.tuple("v1", Deployment.DEPLOYED, "pipeline"));
    assertThat(history.get(0).rollbackId()).isEqualTo(ID);
    assertThat(v3.id()).isGreaterThan(v2.id());
  }

  @Test
  void theOutcomeClosesTheRowAndLeavesTheRegistryAlone() {
    deploy("v1");
    Deployment v2 = deploy("v2");
    ledger.insert(ID, plan(v2.id()), null, "hash");

    ledgerActivities.recordOutcome(
        ID, new OutcomePlan("demo-web", "dev", plan(v2.id()).versions()), ended("resolved"));

    LedgerEntry row = ledger.find(ID).orElseThrow();
    assertThat(row.status()).isEqualTo(RollbackStatus.SUCCEEDED);
    assertThat(row.active()).isFalse();
    assertThat(row.outcome()).isEqualTo("resolved");
    assertThat(row.strategies()).containsExactly("container-revert");
    assertThat(row.plan()).isEqualTo(plan(v2.id()));
    assertThat(registry.history("demo-web", "dev", 10))
        .extracting(Deployment::status)
        .containsOnly(Deployment.DEPLOYED);
  }

  @Test
  void aRollbackOfThePreviousVersionStillUpdatesTheRegistryWhenItSucceeds() throws Exception {
    deploy("v1");
    deploy("v2");
    jdbc.sql(
            "INSERT INTO rollbacks (id, service, environment, strategy, strategies, from_version,"
                + " to_version, status, requested_by, reason, plan, workflow_type) VALUES (?,"
                + " 'demo-web', 'dev', 'container-revert', '{container-revert}', 'v2', 'v1',"
                + " 'RUNNING', 'deploy-pipeline', '5xx', CAST(? AS jsonb), 'Rollback')")
        .params(ID, "{\"strategy\": \"container-revert\", \"toVersion\": \"v1\"}")
        .update();
    Thread.sleep(20);
    deploy("v2");

    ledgerActivities.recordOutcome(ID, new OutcomePlan("demo-web", "dev", null), ended("done"));

    assertThat(registry.history("demo-web", "dev", 10))
        .extracting(Deployment::version, Deployment::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("v1", Deployment.DEPLOYED),
            org.assertj.core.groups.Tuple.tuple("v2", Deployment.DEPLOYED),
            org.assertj.core.groups.Tuple.tuple("v2", Deployment.ROLLED_BACK),
            org.assertj.core.groups.Tuple.tuple("v1", Deployment.DEPLOYED));
    LedgerEntry row = ledger.find(ID).orElseThrow();
    assertThat(row.legacy()).isTrue();
    assertThat(row.plan()).isNull();
    assertThat(row.status()).isEqualTo(RollbackStatus.SUCCEEDED);
  }

  @Test
  void approvalsAreReadFromTheLedgerWithTheIdentityOfTheirToken() {
    ledger.insert(ID, plan(null), null, "hash");
    actions.approve(ID, "dba", "dana", "backup checked");
    actions.approve(ID, "manager", "max", null);

    assertThat(ledgerActivities.approvals(ID))
        .containsExactly(
            new Approval("dba", "dana", "backup checked"), new Approval("manager", "max", null));
    assertThat(ledgerActivities.approvals("rollback-dev-demo-web-20261126090000-zzzz")).isEmpty();
  }

  @Test
  void anOperatorActionIsReadByItsIdAndOnlyForItsRollback() {
    ledger.insert(ID, plan(null), null, "hash");
    long requested = actions.record(ID, "requested", "deploy-pipeline", "5xx");
    long abort = actions.record(ID, OperatorAction.ABORT, "oscar", "wrong target");

    assertThat(ledgerActivities.action(ID, abort))
        .isEqualTo(new OperatorAction(abort, OperatorAction.ABORT, "oscar", "wrong target"));
    assertThat(ledgerActivities.action("rollback-dev-demo-web-20261126090000-zzzz", abort))
        .isNull();
    assertThat(ledgerActivities.action(ID, requested)).isNull();
    assertThat(ledgerActivities.action(ID, abort + 1000)).isNull();
  }

  private static RollbackPlan plan(Long fromDeployment) {
    RollbackPlan p = Plans.containerRevert("5xx");
    return new RollbackPlan(
        p.service(),
        p.environment(),
        new RollbackPlan.Versions("v2", "v1", fromDeployment),
        p.reason(),
        p.requestedBy(),
        p.topology(),
        p.approvals(),
        p.escalation(),
        p.watch(),
        p.strategies());
  }

  private static RollbackState ended(String outcome) {
    return new RollbackState(
        RollbackStatus.SUCCEEDED,
        1,
        null,
        List.of(),
        List.of(),
        outcome,
        List.of(),
        List.of(),
        null);
  }

  private Deployment deploy(String version) {
    return registry.record(
        new DeploymentRequest("demo-web", "dev", version, null, null, null, null, null),
        "pipeline");
  }
}
