package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.ApiWithDatabase;
import dev.rewind.api.testing.InProcessTemporal;
import dev.rewind.api.testing.Tables;
import dev.rewind.workflows.HostCommand;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A migration-rollback through the api with the real workflow (host and database activities
 * mocked): it waits in AWAITING_APPROVAL until the approvals posted to the api are in the ledger,
 * and the snapshot it took is then listed per service, until a later rollback prunes it.
 */
@ApiWithDatabase
class DatabaseRollbackApiTest {
  private static final String BODY =
      """
      {"service": "accounting", "environment": "prod", "strategy": "migration-rollback",
       "targetVersion": "v1", "targetMigration": "0002_add_journal_entry",
       "reason": "0003 broke the journal"}
      """;
  private static final String SNAPSHOTS = "/api/v1/services/accounting/environments/prod/snapshots";

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  Api api;

  @BeforeEach
  void empty() throws Exception {
    Tables.empty(jdbc);
    InProcessTemporal.activitiesSucceed();
    api = new Api(mvc);
    deploy("v1");
    deploy("v2");
  }

  @AfterEach
  void drain() throws Exception {
    Api.drain(jdbc);
  }

  @Test
  void waitsForBothApprovalsPostedToTheApiThenListsItsSnapshot() throws Exception {
    String id = Api.read(api.post("pipeline-token", "/api/v1/rollbacks", BODY), "$.id");
    api.awaitLedger(id, "AWAITING_APPROVAL"::equals);

    var dba = api.approve(id, "dba-token", "dba");
    assertThat(dba.getStatus()).as(dba.getContentAsString()).isEqualTo(201);
    assertThat((Boolean) Api.read(dba, "$.signalled")).isTrue();
    Thread.sleep(500);
    assertThat(api.awaitLedger(id, s -> true)).isEqualTo("AWAITING_APPROVAL");
    verifyNoChanges();

    var manager = api.approve(id, "manager-token", "manager");
    assertThat(manager.getStatus()).as(manager.getContentAsString()).isEqualTo(201);
    assertThat((Boolean) Api.read(manager, "$.signalled")).isTrue();
    api.awaitLedger(id, "SUCCEEDED"::equals);

    var snapshots = api.get("operator-token", SNAPSHOTS);
    assertThat(snapshots.getStatus()).as(snapshots.getContentAsString()).isEqualTo(200);
    List<String> ids = Api.read(snapshots, "$[*].snapshotId");
    assertThat(ids).containsExactly(id + "-a1-pre-migrate-down");
    assertThat((String) Api.read(snapshots, "$[0].rollbackId")).isEqualTo(id);
    assertThat((Integer) Api.read(snapshots, "$[0].manifest.rowCounts['public.journal']"))
        .isEqualTo(100_000);
    List<String> steps =
        Api.read(api.get("operator-token", "/api/v1/rollbacks/" + id), "$.steps[*].name");
    assertThat(steps).contains("await approvals", "snapshot database", "migrate down");
  }

  @Test
  void theSamePersonCannotApproveAsBothDbaAndManager() throws Exception {
    String id = Api.read(api.post("pipeline-token", "/api/v1/rollbacks", BODY), "$.id");
    api.awaitLedger(id, "AWAITING_APPROVAL"::equals);

    assertThat(api.approve(id, "operator-token", "dba").getStatus()).isEqualTo(201);
    // alice holds only approver:dba: a manager approval by her is refused before any signal
    assertThat(api.approve(id, "operator-token", "manager").getStatus()).isEqualTo(403);
    assertThat(api.approve(id, "dba-token", "dba").getStatus()).isEqualTo(409);
    Thread.sleep(300);
    verifyNoChanges();

    api.post("ops-token", "/api/v1/rollbacks/" + id + "/abort", "{\"reason\": \"not today\"}");
    assertThat(api.awaitLedger(id, "ABORTED"::equals)).isEqualTo("ABORTED");
    verifyNoChanges();
  }

  @Test
  void aMigrateDownFailingTwiceIsEscalatedInTheLedgerWithBothSnapshotsListed() throws Exception {
    when(InProcessTemporal.host.runCommand(any(), eq(HostCommand.MIGRATE_DOWN), any()))
        .thenThrow(
            io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
                "exit 1", dev.rewind.workflows.FailureTypes.COMMAND_FAILED));
    String id = Api.read(api.post("pipeline-token", "/api/v1/rollbacks", BODY), "$.id");
    api.approveBoth(id);

    assertThat(api.awaitLedger(id, "ESCALATED"::equals)).isEqualTo("ESCALATED");
    List<String> ids = Api.read(api.get("operator-token", SNAPSHOTS), "$[*].snapshotId");
    assertThat(ids).containsExactly(id + "-a2-pre-migrate-down", id + "-a1-pre-migrate-down");
    api.post("ops-token", "/api/v1/rollbacks/" + id + "/abort", "{\"reason\": \"by hand\"}");
  }

  @Test
  void aSnapshotPrunedByALaterRollbackIsNoLongerListed() throws Exception {
    String first = Api.read(api.post("pipeline-token", "/api/v1/rollbacks", BODY), "$.id");
    api.approveBoth(first);
    api.awaitLedger(first, "SUCCEEDED"::equals);
    when(InProcessTemporal.database.pruneSnapshots(any(), any()))
        .thenReturn(List.of(first + "-a1-pre-migrate-down"));
    deploy("v3");

    String second =
        Api.read(
            api.post(
                "pipeline-token",
                "/api/v1/rollbacks",
                BODY.replace("\"targetVersion\": \"v1\"", "\"targetVersion\": \"v2\"")),
            "$.id");
    api.approveBoth(second);
    api.awaitLedger(second, "SUCCEEDED"::equals);

    List<String> ids = Api.read(api.get("operator-token", SNAPSHOTS), "$[*].snapshotId");
    assertThat(ids).containsExactly(second + "-a1-pre-migrate-down");
  }

  /** Deployed without a git sha: the migration-rollback has no code to revert. */
  private void deploy(String version) throws Exception {
    api.recordDeployment(
        "{\"service\": \"accounting\", \"environment\": \"prod\", \"version\": \""
            + version
            + "\", \"migration\": \"000"
            + version.substring(1)
            + "_x\"}");
  }

  /** Nothing was changed: no maintenance, no stop, no migration, no snapshot, no restore. */
  private static void verifyNoChanges() {
    for (HostCommand changes :
        List.of(HostCommand.MAINTENANCE_ON, HostCommand.STOP, HostCommand.MIGRATE_DOWN)) {
      verify(InProcessTemporal.host, never()).runCommand(any(), eq(changes), any());
    }
    verify(InProcessTemporal.database, never()).snapshotDatabase(any(), any(), any(), any());
    verify(InProcessTemporal.database, never()).restoreDatabase(any(), any(), any());
  }
}
