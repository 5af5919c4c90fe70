package dev.rewind.activities.host;

import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a running command. Every few seconds it heartbeats the activity, so the step stays
 * alive and a cancellation reaches it; past the command's timeout, or once the activity is
 * cancelled, it kills the command's whole process group (a command's children would otherwise go on
 * changing the host after the step ended) and fails the step.
 */
final class CommandWatch {
  static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(2);
  static final Duration POLL = Duration.ofMillis(20);
  private static final Logger log = LoggerFactory.getLogger(CommandWatch.class);

  /** A command started on a host. */
  interface Running {
    /** Whether it has ended, waiting at most {@code wait} for it. */
    boolean ended(Duration wait) throws InterruptedException;

    /** Kills the command and every process of its group. */
    void killGroup();
  }

  private CommandWatch() {}

  static void await(Running command, Duration timeout, String where, List<String> argv) {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    long nextBeat = started + HEARTBEAT_EVERY.toNanos();
    try {
      while (!command.ended(POLL)) {
        long now = System.nanoTime();
        if (now - nextBeat >= 0) {
          ActivityHeartbeat.beat(
              argv.get(0) + " running for " + (now - started) / 1_000_000_000 + "s");
          nextBeat = now + HEARTBEAT_EVERY.toNanos();
        }
        if (now - deadline >= 0) {
          log.warn(
              "{}: {} ran longer than {}, killing its process group", where, argv.get(0), timeout);
          command.killGroup();
          throw HostFailures.timedOut(where, argv.get(0), timeout);
        }
      }
    } catch (ActivityCompletionException e) {
      log.warn(
          "{}: the activity ended ({}), killing {} with its process group",
          where,
          e.getClass().getSimpleName(),
          argv.get(0));
      command.killGroup();
      throw e;
    } catch (InterruptedException e) {
      command.killGroup();
      Thread.currentThread().interrupt();
      throw HostFailures.unreachable(where, e);
    }
  }
}
