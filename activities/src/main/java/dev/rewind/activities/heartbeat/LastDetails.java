package dev.rewind.activities.heartbeat;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityExecutionContextBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An activity's context that remembers the details of its last heartbeat, so a background heartbeat
 * re-sends them instead of clearing them. Before the activity heartbeats in this attempt, the
 * previous attempt's details are the ones re-sent, so a third attempt still finds them.
 */
final class LastDetails extends ActivityExecutionContextBase {
  private static final Logger log = LoggerFactory.getLogger(LastDetails.class);

  private final Object lock = new Object();
  private boolean ownHeartbeat;
  private Object details;
  private boolean previousRead;

  LastDetails(ActivityExecutionContext context) {
    super(context);
  }

  @Override
  public <V> void heartbeat(V details) throws ActivityCompletionException {
    synchronized (lock) { // never interleaved with a background beat carrying older details
      this.ownHeartbeat = true;
      this.details = details;
      super.heartbeat(details);
    }
  }

  /** The background beat: the last details again. */
  void beatAgain() {
    synchronized (lock) {
      if (!ownHeartbeat && !previousRead) {
        details = getHeartbeatDetails(Object.class).orElse(null);
        previousRead = true;
      }
      try {
        super.heartbeat(details);
      } catch (ActivityCompletionException ended) {
        // cancelled or timed out: the activity learns it from its own heartbeat or its result
      } catch (RuntimeException e) {
        log.warn(
            "background heartbeat of {} failed: {}", getInfo().getActivityType(), e.toString());
      }
    }
  }
}
