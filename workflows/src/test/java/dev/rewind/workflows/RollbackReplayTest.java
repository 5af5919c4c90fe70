package dev.rewind.workflows;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded rollback histories against the current workflow code: a change that would break
 * running rollbacks (non-determinism) fails here instead of in production.
 */
class RollbackReplayTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "container-revert-escalated-then-retried.json",
        "backup-restore-escalated-then-aborted.json"
      })
  void recordedHistoryReplaysWithoutNonDeterminism(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(read(history), RollbackWorkflowImpl.class);
  }

  private static String read(String history) throws IOException {
    try (InputStream in = RollbackReplayTest.class.getResourceAsStream("/histories/" + history)) {
      if (in == null) {
        throw new IOException("missing recorded history " + history);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
