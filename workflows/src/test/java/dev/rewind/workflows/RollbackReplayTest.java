package dev.rewind.workflows;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded rollback histories against the current workflow code: a change that would break
 * running rollbacks (non-determinism) fails here instead of in production. Histories of the frozen
 * {@code Rollback} type replay against {@link dev.rewind.workflows.legacy.RollbackWorkflowImpl},
 * which the control worker keeps registered until none runs. The chained history is runbook 000 as
 * one request (backup-restore + code-revert, approvals, a merge conflict on the first attempt
 * undone, the second attempt, migrate, a two-minute watch). The container-revert history was
 * recorded by the code before local reads, routed notifications and the SLA clock (commit 6441468:
 * two attempts unhealthy, escalated, retried, succeeded): their {@code Workflow.getVersion} markers
 * must leave it replaying as it ran. The P0 history was recorded by the code before the SLA counted
 * from the detection and before {@code started} waited for the approvals (commit 9f0bce1: a
 * backup-restore awaiting a DBA and a manager, started announced first, the 15-minute SLA breached
 * while waiting, approved, succeeded): markers {@code notifications} and {@code sla-clock} at 1.
 */
class RollbackReplayTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "container-revert-escalated-then-retried.json",
        "backup-restore-escalated-then-aborted.json",
        "code-revert-canary-failed-then-succeeded.json"
      })
  void historyOfThePreviousWorkflowTypeReplays(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        read("legacy/" + history), dev.rewind.workflows.legacy.RollbackWorkflowImpl.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "runbook-000-chain-failed-once-then-watched.json",
        "container-revert-chain-escalated-then-retried.json",
        "p0-approvals-notified-sla-breached-then-succeeded.json"
      })
  void historyOfAChainedRollbackReplays(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(read("chain/" + history), RollbackWorkflowImpl.class);
  }

  static String read(String history) throws IOException {
    try (InputStream in = RollbackReplayTest.class.getResourceAsStream("/histories/" + history)) {
      if (in == null) {
        throw new IOException("missing recorded history " + history);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
