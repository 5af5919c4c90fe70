package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.ApiWithDatabase;
import dev.rewind.api.testing.InProcessTemporal;
import dev.rewind.api.testing.Tables;
import dev.rewind.workflows.Approval;
import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.RollbackWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Runbook 000 as one request through the api with the real RollbackChain workflow (activities
 * mocked): approvals count only when the api recorded them, the chain runs once they are in the
 * ledger, the registry names the version rolled back to as soon as the chain succeeded (before the
 * watch ends), and the status shows WATCHING with the watch. A dry run answers the steps and the
 * workers' preconditions, and refuses a missing or stale backup with nothing recorded.
 */
@ApiWithDatabase
class ChainThroughTheApiTest {
  static final String BACKUP = "/var/backups/accounting/pre-v2.dump";
  static final String RUNBOOK_000 =
      """
      {"service": "accounting", "environment": "prod",
       "strategies": ["backup-restore", "code-revert"], "monitorMinutes": 5,
       "reason": "journal totals wrong after v2"}
      """;

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired WorkflowClient client;
  @Autowired TestWorkflowEnvironment temporal;
  Api api;

  @BeforeEach
  void deployed() throws Exception {
    Tables.empty(jdbc);
    InProcessTemporal.activitiesSucceed();
    api = new Api(mvc);
    deploy("v1", "abc1234def", null);
    deploy("v2", "fff0000aaa", BACKUP);
  }

  @AfterEach
  void drain() throws Exception {
    Api.drain(jdbc);
  }

  @Test
  void approvalsSignalledAroundTheApiCountForNothingAndTheSameThroughTheApiLetItRun()
      throws Exception {
    String id = Api.read(api.post("pipeline-token", "/api/v1/rollbacks", RUNBOOK_000), "$.id");
    api.awaitLedger(id, "AWAITING_APPROVAL"::equals);

    RollbackWorkflow workflow = client.newWorkflowStub(RollbackWorkflow.class, id);
    workflow.approve(new Approval(Approval.DBA, "dana", "signalled around the api"));
    workflow.approve(new Approval(Approval.MANAGER, "max", "signalled around the api"));
    Thread.sleep(1_000);

    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    verify(InProcessTemporal.host, never()).runCommand(any(), eq(HostCommand.STOP), any());
    verify(InProcessTemporal.database, never()).restoreDatabase(any(), any(), any());

    api.approveBoth(id);
    api.awaitLedger(id, s -> s.equals("WATCHING") || s.equals("SUCCEEDED"));
    verify(InProcessTemporal.database).restoreDatabase(any(), eq(BACKUP), any());
    verify(InProcessTemporal.git).revertAfter(any(), eq("abc1234def"), any());
    assertThat(ended(id)).isEqualTo("SUCCEEDED");
  }

  @Test
  void whileWatchingTheRegistryAlreadyNamesTheVersionRolledBackToAndTheWatchIsShown()
      throws Exception {
    String id = Api.read(api.post("pipeline-token", "/api/v1/rollbacks", RUNBOOK_000), "$.id");
    api.approveBoth(id);
    // The watch waits on durable timers, in real time until a client waits for the result.
    api.awaitLedger(id, "WATCHING"::equals);

    var rollback = api.get("operator-token", "/api/v1/rollbacks/" + id);
    assertThat((String) Api.read(rollback, "$.status")).isEqualTo("WATCHING");
    assertThat((List<String>) Api.read(rollback, "$.strategies"))
        .containsExactly("backup-restore", "code-revert");
    assertThat((String) Api.read(rollback, "$.watch.endsAt")).isNotBlank();
    assertThat((Integer) Api.read(rollback, "$.watch.failures")).isZero();
    var history =
        api.get("operator-token", "/api/v1/services/accounting/environments/prod/deployments");
    assertThat((String) Api.read(history, "$[0].version")).isEqualTo("v1");
    assertThat((String) Api.read(history, "$[0].rollbackId")).isEqualTo(id);
    assertThat((String) Api.read(history, "$[1].status")).isEqualTo("ROLLED_BACK");
    var watching = api.get("operator-token", "/api/v1/rollbacks?status=WATCHING");
    assertThat((List<String>) Api.read(watching, "$[*].id")).containsExactly(id);
    var another =
        api.post(
            "pipeline-token",
            "/api/v1/rollbacks",
            """
            {"service": "accounting", "environment": "prod", "strategy": "code-revert",
             "targetVersion": "v2", "gitSha": "fff0000aaa", "reason": "another one"}
            """);
    assertThat(another.getStatus()).as("a watched rollback is active").isEqualTo(409);
    var resolve =
        api.post("ops-token", "/api/v1/rollbacks/" + id + "/resolve", "{\"note\": \"ok\"}");
    assertThat(resolve.getStatus()).as("resolve is for a failed watch").isEqualTo(409);

    assertThat(ended(id)).isEqualTo("SUCCEEDED");
    String report =
        api.get("operator-token", "/api/v1/rollbacks/" + id + "/report").getContentAsString();
    assertThat(report).contains("**Strategies:** backup-restore → code-revert", "## Watch");
  }

  @Test
  void aDryRunAnswersEveryStepTheApprovalsAndThePreconditionsAndRecordsNothing() throws Exception {
    Set<String> before = InProcessTemporal.workflowIds(temporal);

    var answer = api.post("pipeline-token", "/api/v1/rollbacks", dryRun());

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(200);
    List<String> steps = Api.read(answer, "$.steps[*].name");
    assertThat(steps).isNotEmpty();
    List<Map<String, Object>> preconditions = Api.read(answer, "$.preconditions");
    assertThat(preconditions).extracting(p -> p.get("field")).contains("hosts", "backup", "gitSha");
    assertThat(preconditions).allSatisfy(p -> assertThat(p.get("holds")).isEqualTo(true));
    assertThat((List<String>) Api.read(answer, "$.approvals")).containsExactly("dba", "manager");
    assertThat(Tables.count(jdbc, "rollbacks")).isZero();
    Set<String> started = new HashSet<>(InProcessTemporal.workflowIds(temporal));
    started.removeAll(before);
    assertThat(started).singleElement().asString().startsWith("preflight-prod-accounting-");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"BackupStale, 'is 30 h old, older than 24 h'", "BackupNotFound, does not exist"})
  void aDryRunWithTheBackupStaleOrMissingIs400NamingTheBackupAndRecordsNothing(
      String failure, String why) throws Exception {
    when(InProcessTemporal.database.checkBackup(any(), anyString(), anyLong(), anyBoolean()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure(BACKUP + " " + why, failure));

    var answer = api.post("pipeline-token", "/api/v1/rollbacks", dryRun());

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(400);
    assertThat((String) Api.read(answer, "$.errors[0].field")).isEqualTo("backup");
    assertThat((String) Api.read(answer, "$.errors[0].message")).contains(why);
    assertThat(Tables.counts(jdbc).get("rollbacks")).isZero();
    assertThat(Tables.counts(jdbc).get("actions")).isZero();
  }

  private static String dryRun() {
    return RUNBOOK_000.replace("\"monitorMinutes\": 5", "\"monitorMinutes\": 5, \"dryRun\": true");
  }

  /** The status once the rollback has ended; waiting lets the test server skip the watch's time. */
  private String ended(String id) throws Exception {
    return Api.read(api.get("operator-token", "/api/v1/rollbacks/" + id + "?wait=60s"), "$.status");
  }

  private String status(String id) throws Exception {
    return Api.read(api.get("operator-token", "/api/v1/rollbacks/" + id), "$.status");
  }

  private void deploy(String version, String sha, String backup) throws Exception {
    api.recordDeployment(
        "{\"service\": \"accounting\", \"environment\": \"prod\", \"version\": \""
            + version
            + "\", \"gitSha\": \""
            + sha
            + "\""
            + (backup == null ? "" : ", \"backup\": \"" + backup + "\"")
            + "}");
  }
}
