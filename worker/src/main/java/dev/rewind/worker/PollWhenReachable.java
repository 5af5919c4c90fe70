package dev.rewind.worker;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the worker's pollers once Temporal answers. The SDK's {@code WorkerFactory.start} fails
 * with UNAVAILABLE while the frontend is down, and a worker that exited then would leave its
 * rollbacks stalled until someone restarts it; instead it asks the frontend with a short deadline,
 * waits with a growing pause (1 s doubling to 30 s) and says so in its log each time, and starts
 * polling as soon as the frontend answers.
 */
final class PollWhenReachable {
  private static final Logger log = LoggerFactory.getLogger(PollWhenReachable.class);
  static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  /** How the pause between attempts is spent; the tests count instead of sleeping. */
  interface Pause {
    void sleep(Duration pause) throws InterruptedException;
  }

  private PollWhenReachable() {}

  /**
   * Blocks until the factory has started polling.
   *
   * @return the number of attempts it took
   * @throws InterruptedException when the process is told to stop while it waits
   */
  static int start(WorkerFactory factory, WorkflowServiceStubs stubs, String address)
      throws InterruptedException {
    return start(
        () -> {
          answers(stubs);
          factory.start();
        },
        address,
        pause -> Thread.sleep(pause.toMillis()));
  }

  static int start(Runnable attempt, String address, Pause pause) throws InterruptedException {
    Duration next = FIRST_PAUSE;
    for (int attempts = 1; ; attempts++) {
      try {
        attempt.run();
        if (attempts > 1) {
          log.info("Temporal at {} answers: polling after {} attempts", address, attempts);
        }
        return attempts;
      } catch (RuntimeException e) {
        log.warn(
            "Temporal at {} is not reachable ({}); attempt {} failed, retrying in {} s",
            address,
            e.getMessage(),
            attempts,
            next.toSeconds());
      }
      pause.sleep(next);
      next = longer(next);
    }
  }

  static Duration longer(Duration pause) {
    Duration doubled = pause.multipliedBy(2);
    return doubled.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : doubled;
  }

  /** One call with a short deadline: the SDK's own start would retry for much longer. */
  private static void answers(WorkflowServiceStubs stubs) {
    stubs
        .blockingStub()
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
  }
}
