package dev.rewind.workflows.legacy;

import io.temporal.workflow.Saga;

/**
 * The workflow side of one rollback strategy: one attempt of its steps. Each destructive step
 * registers its compensation in {@code saga} before it runs.
 */
interface Strategy {
  void runAttempt(Saga saga);
}
