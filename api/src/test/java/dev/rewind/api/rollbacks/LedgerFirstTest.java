package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;

import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.LedgerDatabase;
import dev.rewind.api.testing.Plans;
import dev.rewind.api.testing.Tables;
import dev.rewind.workflows.OperatorAction;
import dev.rewind.workflows.RollbackStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Approvals and operator actions are true in the ledger first: recorded and committed before the
 * workflow is woken, so a signal that does not get through loses nothing and a signal that does
 * always finds its record. Temporal is unreachable here unless a test stands in for it.
 */
@LedgerDatabase
class LedgerFirstTest {
  static final String ID = "rollback-dev-demo-web-20261126090000-abcd";

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired RollbackLedger ledger;
  @MockitoSpyBean Rollbacks rollbacks;
  @MockitoSpyBean RollbackSignals signals;
  Api api;

  @BeforeEach
  void aRollbackInTheLedger() {
    Tables.empty(jdbc);
    ledger.insert(ID, Plans.containerRevert("5xx"), null, "hash");
    api = new Api(mvc);
  }

  @Test
  void anApprovalWhoseWakeUpFailsIsRecordedAndAnswered201NotSignalled() throws Exception {
    var answer = api.approve(ID, "dba-token", "dba");

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(201);
    assertThat((Boolean) Api.read(answer, "$.signalled")).isFalse();
    assertThat((String) Api.read(answer, "$.note")).contains("reads its approvals from the ledger");
    assertThat((String) Api.read(answer, "$.approval.approvedBy")).isEqualTo("dana");
    assertThat(Tables.count(jdbc, "approvals")).isEqualTo(1);
  }

  @Test
  void theApprovalIsCommittedBeforeTheWorkflowIsWoken() throws Exception {
    List<Long> seen = new ArrayList<>();
    doAnswer(
            call -> {
              seen.add(committed("SELECT count(*) FROM approvals WHERE approved_by = 'dana'"));
              return null;
            })
        .when(signals)
        .approved(eq(ID), any());

    var answer = api.approve(ID, "dba-token", "dba");

    assertThat(answer.getStatus()).isEqualTo(201);
    assertThat((Boolean) Api.read(answer, "$.signalled")).isTrue();
    assertThat(seen).containsExactly(1L);
  }

  @Test
  void onePersonPostingBothKindsAtOnceGetsOneRecordedAndOne409() throws Exception {
    for (int round = 0; round < 5; round++) {
      String id = ID.replace("abcd", "abc" + round);
      jdbc.sql("UPDATE rollbacks SET active = false").update();
      ledger.insert(id, Plans.containerRevert("5xx"), null, "hash-" + round);
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<MockHttpServletResponse> dba = racing(go, id, "dba");
      CompletableFuture<MockHttpServletResponse> manager = racing(go, id, "manager");
      go.countDown();

      List<Integer> statuses = List.of(dba.get().getStatus(), manager.get().getStatus());

      assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(201, 409);
      assertThat(
              jdbc.sql("SELECT count(*) FROM approvals WHERE rollback_id = ?")
                  .param(id)
                  .query(Long.class)
                  .single())
          .isEqualTo(1);
    }
  }

  @Test
  void anOperatorActionIsCommittedBeforeItsSignalWhichCarriesItsId() throws Exception {
    escalated();
    AtomicReference<OperatorAction> signalled = new AtomicReference<>();
    List<Long> seen = new ArrayList<>();
    doAnswer(
            call -> {
              OperatorAction action = call.getArgument(1);
              signalled.set(action);
              seen.add(
                  committed(
                      "SELECT count(*) FROM actions WHERE id = "
                          + action.actionId()
                          + " AND action = 'retry' AND identity = 'oscar'"));
              return null;
            })
        .when(signals)
        .decided(eq(ID), any(), anyBoolean());

    var answer =
        api.post("ops-token", "/api/v1/rollbacks/" + ID + "/retry", "{\"note\": \"again\"}");

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(202);
    assertThat(seen).containsExactly(1L);
    assertThat(signalled.get().kind()).isEqualTo(OperatorAction.RETRY);
    assertThat(signalled.get().text()).isEqualTo("again");
    assertThat(((Number) Api.read(answer, "$.actionId")).longValue())
        .isEqualTo(signalled.get().actionId());
  }

  @Test
  void anOperatorActionWhoseSignalFailsStaysRecordedAndThe503SaysSo() throws Exception {
    escalated();

    var answer =
        api.post("ops-token", "/api/v1/rollbacks/" + ID + "/abort", "{\"reason\": \"stop\"}");

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(503);
    long actionId = ((Number) Api.read(answer, "$.actionId")).longValue();
    assertThat((String) Api.read(answer, "$.detail"))
        .startsWith("the abort is recorded as action " + actionId + "; Temporal is unavailable")
        .doesNotContain("nothing recorded", "nothing was");
    assertThat(committed("SELECT count(*) FROM actions WHERE id = " + actionId)).isEqualTo(1);
  }

  /** Temporal (stood in for) says the rollback is ESCALATED. */
  private void escalated() {
    doReturn(
            Optional.of(
                RollbackDescription.withoutState(
                    ID, "demo-web", "dev", "container-revert", RollbackStatus.ESCALATED, null)))
        .when(rollbacks)
        .find(ID);
  }

  /**
   * Counts on another thread, so with a connection of its own: only what was committed, even when
   * called inside the caller's transaction.
   */
  private long committed(String countQuery) throws Exception {
    return CompletableFuture.supplyAsync(() -> jdbc.sql(countQuery).query(Long.class).single())
        .get();
  }

  private CompletableFuture<MockHttpServletResponse> racing(
      CountDownLatch go, String id, String kind) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            go.await();
            return api.approve(id, "both-token", kind);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
