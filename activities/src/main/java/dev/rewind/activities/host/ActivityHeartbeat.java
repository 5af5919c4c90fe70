package dev.rewind.activities.host;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

/**
 * Heartbeats the activity running on this thread, if it runs one: a long command keeps its step
 * alive (the workflow gives host steps a short heartbeat timeout) and learns of a cancellation,
 * which the heartbeat throws as an {@code ActivityCompletionException}. Outside an activity (a
 * shell used directly) there is nothing to tell.
 */
final class ActivityHeartbeat {
  private ActivityHeartbeat() {}

  static void beat(Object details) {
    ActivityExecutionContext activity;
    try {
      activity = Activity.getExecutionContext();
    } catch (IllegalStateException notInAnActivity) {
      return;
    }
    activity.heartbeat(details);
  }
}
