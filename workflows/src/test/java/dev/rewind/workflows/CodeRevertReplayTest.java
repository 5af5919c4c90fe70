package dev.rewind.workflows;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded code-revert histories (three hosts, canary first, two at a time; the canary's
 * verification failed on the first attempt, was compensated, and the second attempt succeeded), so
 * a change to the rollout or the per-host steps that would break running rollbacks fails here.
 */
class CodeRevertReplayTest {

  @ParameterizedTest
  @ValueSource(strings = {"code-revert-canary-failed-then-succeeded.json"})
  void recordedHistoryReplaysWithoutNonDeterminism(String history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(read(history), RollbackWorkflowImpl.class);
  }

  private static String read(String history) throws IOException {
    try (InputStream in = CodeRevertReplayTest.class.getResourceAsStream("/histories/" + history)) {
      if (in == null) {
        throw new IOException("missing recorded history " + history);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
