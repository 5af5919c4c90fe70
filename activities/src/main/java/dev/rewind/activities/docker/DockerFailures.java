package dev.rewind.activities.docker;

import com.github.dockerjava.api.exception.DockerException;
import dev.rewind.workflows.container.ContainerFailures;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.util.function.Supplier;

/**
 * How Docker errors become Temporal failures. The engine answering 4xx to a request Rewind did not
 * expect to fail is permanent (retrying the same request gets the same answer); an engine that
 * cannot be reached, times out or answers 5xx may recover, so those stay retryable.
 */
public final class DockerFailures {
  /** The engine could not be reached or failed internally: retried by the step's policy. */
  public static final String DOCKER_UNAVAILABLE = "DockerUnavailable";

  private DockerFailures() {}

  /** Runs {@code op}, turning anything it throws that is not already typed into a failure. */
  static <T> T call(String action, Supplier<T> op) {
    try {
      return op.get();
    } catch (TemporalFailure | ActivityCompletionException e) {
      throw e;
    } catch (DockerException e) {
      String message = action + ": Docker answered " + e.getHttpStatus() + ": " + e.getMessage();
      if (e.getHttpStatus() >= 400 && e.getHttpStatus() < 500) {
        throw ApplicationFailure.newNonRetryableFailureWithCause(
            message, ContainerFailures.DOCKER_REJECTED, e);
      }
      throw ApplicationFailure.newFailureWithCause(message, DOCKER_UNAVAILABLE, e);
    } catch (RuntimeException e) {
      throw ApplicationFailure.newFailureWithCause(
          action + ": Docker unreachable: " + e, DOCKER_UNAVAILABLE, e);
    }
  }

  static void run(String action, Runnable op) {
    call(
        action,
        () -> {
          op.run();
          return null;
        });
  }
}
