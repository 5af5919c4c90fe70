package dev.rewind.workflows.codec;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a worker factory's pollers once Temporal answers. The SDK's {@code WorkerFactory.start}
 * fails with UNAVAILABLE while the frontend is down, and a process that gave up then would leave
 * rollbacks stalled until someone restarts it. Instead the frontend is asked with a short deadline,
 * with a growing pause between attempts (1 s doubling to 30 s) that the log tells each time, and
 * the factory starts as soon as the frontend answers. The rewind-worker process and the api's
 * ledger worker both start this way.
 */
public final class PollWhenReachable {
  private static final Logger log = LoggerFactory.getLogger(PollWhenReachable.class);
  static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  /** How the pause between attempts is spent; the tests count instead of sleeping. */
  interface Pause {
    void sleep(Duration pause) throws InterruptedException;
  }

  private PollWhenReachable() {}

  /**
   * Blocks until {@code factory} polls.
   *
   * @return the number of attempts it took
   * @throws InterruptedException when the process is told to stop while it waits
   */
  public static int start(WorkerFactory factory) throws InterruptedException {
    WorkflowServiceStubs stubs = factory.getWorkflowClient().getWorkflowServiceStubs();
    return start(
        () -> {
          answers(stubs);
          factory.start();
        },
        stubs.getOptions().getTarget(),
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
