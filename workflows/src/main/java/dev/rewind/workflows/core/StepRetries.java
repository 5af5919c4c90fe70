package dev.rewind.workflows.core;

import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * How every strategy's steps retry transient failures (connection refused, timeouts): five tries
 * with backoff up to 10 s; permanent failures are non-retryable and skip this. Compensations must
 * get through, so they retry longer.
 */
public final class StepRetries {
  public static final RetryOptions TRANSIENT =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(10))
          .setMaximumAttempts(5)
          .build();

  public static final RetryOptions UNDO =
      RetryOptions.newBuilder(TRANSIENT).setMaximumAttempts(20).build();

  private StepRetries() {}
}
