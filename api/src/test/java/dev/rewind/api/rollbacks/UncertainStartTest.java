package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.LedgerDatabase;
import dev.rewind.api.testing.Tables;
import dev.rewind.workflows.TaskQueues;
import io.grpc.Status;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A start whose answer never came back (DEADLINE_EXCEEDED) is not answered "503, nothing was
 * started" before Temporal was asked: when the workflow exists, the ledger row is kept and the
 * answer is 202; when it does not, 503 and nothing is recorded.
 */
@LedgerDatabase
class UncertainStartTest {
  static final AtomicBoolean delivered = new AtomicBoolean();
  static final String BODY = ConcurrentRequestsTest.BODY;

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired TestWorkflowEnvironment temporal;

  @TestConfiguration(proxyBeanMethods = false)
  static class LostStartAnswers {
    @Bean(destroyMethod = "close")
    TestWorkflowEnvironment testWorkflowEnvironment() {
      TestWorkflowEnvironment env =
          TestWorkflowEnvironment.newInstance(
              TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
      for (String name :
          List.of("RewindService", "RewindEnvironment", "RewindStrategy", "RewindStatus")) {
        env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
      }
      env.newWorker(TaskQueues.CONTROL)
          .registerWorkflowImplementationTypes(FakeRollbackWorkflow.class);
      env.start();
      return env;
    }

    @Bean
    @Primary
    WorkflowClient losingClient(TestWorkflowEnvironment env) {
      return LostAnswers.client(env, Status.Code.DEADLINE_EXCEEDED, delivered::get);
    }

    @Bean(destroyMethod = "")
    @Primary
    WorkflowServiceStubs testWorkflowServiceStubs(TestWorkflowEnvironment env) {
      return env.getWorkflowServiceStubs();
    }
  }

  @BeforeEach
  void empty() {
    Tables.empty(jdbc);
  }

  @Test
  void aStartThatReachedTemporalIsAccepted202AndKeptInTheLedger() throws Exception {
    delivered.set(true);

    var answer = new Api(mvc).post("pipeline-token", "/api/v1/rollbacks", BODY);

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(202);
    String id = Api.read(answer, "$.id");
    assertThat(
            jdbc.sql("SELECT count(*) FROM rollbacks WHERE id = ?")
                .param(id)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(temporal.getWorkflowClient().newUntypedWorkflowStub(id).describe().getStatus())
        .hasToString("WORKFLOW_EXECUTION_STATUS_RUNNING");
    temporal.getWorkflowClient().newUntypedWorkflowStub(id).terminate("test done");
  }

  @Test
  void aStartThatNeverReachedTemporalIs503AndLeavesNothing() throws Exception {
    delivered.set(false);

    var answer = new Api(mvc).post("pipeline-token", "/api/v1/rollbacks", BODY);

    assertThat(answer.getStatus()).as(answer.getContentAsString()).isEqualTo(503);
    assertThat((String) Api.read(answer, "$.detail")).contains("nothing was started");
    assertThat(Tables.counts(jdbc))
        .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
  }
}
