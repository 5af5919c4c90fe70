package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.ApiWithDatabase;
import dev.rewind.api.testing.InProcessTemporal;
import dev.rewind.api.testing.Tables;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Requests racing each other: the same Idempotency-Key answers one rollback, and one service and
 * environment never has two active rollbacks, even when a workflow was ended behind Rewind's back.
 */
@ApiWithDatabase
class ConcurrentRequestsTest {
  static final String BODY =
      """
      {"service": "demo-web", "environment": "dev", "strategy": "container-revert",
       "targetVersion": "v1", "currentVersion": "v2", "reason": "5xx after v2"}
      """;

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired TestWorkflowEnvironment temporal;
  @Autowired WorkflowClient client;
  Api api;
  Set<String> workflowsBefore;

  @BeforeEach
  void holdRollbacksInTheHealthWait() {
    Tables.empty(jdbc);
    InProcessTemporal.activitiesSucceed();
    InProcessTemporal.holdHealthWait();
    api = new Api(mvc);
    workflowsBefore = InProcessTemporal.workflowIds(temporal);
  }

  @AfterEach
  void letThemFinish() throws Exception {
    Api.drain(jdbc);
  }

  @Test
  void twentyIdenticalRequestsWithOneKeyStartOneWorkflowAndAllNameIt() throws Exception {
    List<MockHttpServletResponse> answers =
        concurrently(
            20,
            i ->
                () ->
                    api.post(
                        "pipeline-token",
                        "/api/v1/rollbacks",
                        BODY,
                        "Idempotency-Key",
                        "deploy-4711"));

    Set<String> ids = new HashSet<>();
    for (MockHttpServletResponse answer : answers) {
      assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(202);
      ids.add(Api.read(answer, "$.id"));
    }
    assertThat(ids).hasSize(1);
    assertThat(newWorkflows()).containsExactlyElementsOf(ids);
    assertThat(Tables.count(jdbc, "rollbacks")).isEqualTo(1);
  }

  @Test
  void tenRequestsForOneServiceWithDifferentKeysGetOne202AndNine409sNamingIt() throws Exception {
    List<MockHttpServletResponse> answers =
        concurrently(
            10,
            i ->
                () ->
                    api.post(
                        "pipeline-token",
                        "/api/v1/rollbacks",
                        BODY,
                        "Idempotency-Key",
                        "key-" + i));

    List<String> accepted = new ArrayList<>();
    List<String> named = new ArrayList<>();
    for (MockHttpServletResponse answer : answers) {
      if (answer.getStatus() == 202) {
        accepted.add(Api.read(answer, "$.id"));
      } else {
        assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(409);
        assertThat(answer.getContentType()).isEqualTo("application/problem+json");
        named.add(Api.read(answer, "$.activeRollback"));
      }
    }
    assertThat(accepted).hasSize(1);
    assertThat(named).hasSize(9).allMatch(accepted.get(0)::equals);
    assertThat(newWorkflows()).containsExactlyElementsOf(accepted);
    assertThat(Tables.count(jdbc, "rollbacks")).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIs422AndStartsNothing() throws Exception {
    var first = api.post("pipeline-token", "/api/v1/rollbacks", BODY, "Idempotency-Key", "k1");
    var second =
        api.post(
            "pipeline-token",
            "/api/v1/rollbacks",
            BODY.replace("5xx after v2", "another reason"),
            "Idempotency-Key",
            "k1");

    assertThat(first.getStatus()).isEqualTo(202);
    assertThat(second.getStatus()).isEqualTo(422);
    assertThat((String) Api.read(second, "$.field")).isEqualTo("Idempotency-Key");
    assertThat((String) Api.read(second, "$.rollbackId")).isEqualTo(Api.read(first, "$.id"));
    assertThat(newWorkflows()).hasSize(1);
  }

  @Test
  void aRollbackTerminatedInTheTemporalUiDoesNotBlockTheNextOne() throws Exception {
    var first = api.post("pipeline-token", "/api/v1/rollbacks", BODY);
    String firstId = Api.read(first, "$.id");
    client.newUntypedWorkflowStub(firstId).terminate("operator clicked terminate");

    var second = api.post("pipeline-token", "/api/v1/rollbacks", BODY);

    assertThat(second.getStatus()).as(second.getContentAsString()).isEqualTo(202);
    var list = api.get("operator-token", "/api/v1/rollbacks?service=demo-web&environment=dev");
    List<String> ids = Api.read(list, "$[*].id");
    assertThat(ids).containsExactly(Api.read(second, "$.id"), firstId);
    assertThat((String) Api.read(list, "$[1].status")).isEqualTo("ABORTED");
    assertThat((String) Api.read(list, "$[1].outcome")).contains("terminated");
  }

  @Test
  void aRollbackWhoseFinalReportNeverArrivedIsClosedFromItsResult() throws Exception {
    InProcessTemporal.releaseHealthWait();
    String first = Api.read(api.post("pipeline-token", "/api/v1/rollbacks", BODY), "$.id");
    api.awaitLedger(first, "SUCCEEDED"::equals);
    // As if the ledger had been unreachable when the workflow reported its end.
    jdbc.sql(
            "UPDATE rollbacks SET active = true, status = 'RUNNING', finished_at = NULL,"
                + " outcome = NULL WHERE id = ?")
        .param(first)
        .update();
    jdbc.sql("DELETE FROM deployments").update();

    var second = api.post("pipeline-token", "/api/v1/rollbacks", BODY);

    assertThat(second.getStatus()).as(second.getContentAsString()).isEqualTo(202);
    var closed = api.get("operator-token", "/api/v1/rollbacks?status=SUCCEEDED");
    assertThat((List<String>) Api.read(closed, "$[*].id")).contains(first);
    assertThat((String) Api.read(closed, "$[0].outcome")).isEqualTo("rolled back to v1");
    var registry =
        api.get("operator-token", "/api/v1/services/demo-web/environments/dev/deployments");
    assertThat((String) Api.read(registry, "$[0].rollbackId")).isEqualTo(first);
  }

  private Set<String> newWorkflows() {
    Set<String> now = new HashSet<>(InProcessTemporal.workflowIds(temporal));
    now.removeAll(workflowsBefore);
    return now;
  }

  interface Call {
    MockHttpServletResponse call() throws Exception;
  }

  private static List<MockHttpServletResponse> concurrently(int n, IntFunction<Call> call)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<MockHttpServletResponse>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Call c = call.apply(i);
        Callable<MockHttpServletResponse> task =
            () -> {
              go.await();
              return c.call();
            };
        futures.add(pool.submit(task));
      }
      go.countDown();
      List<MockHttpServletResponse> answers = new ArrayList<>();
      for (Future<MockHttpServletResponse> f : futures) {
        answers.add(f.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }
}
