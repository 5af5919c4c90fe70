package dev.rewind.catalog;

import java.util.Arrays;
import java.util.Optional;

/**
 * What someone acts on, as an environment's {@code notify.routes} name it: the event a rollback
 * announces to the targets routed for it.
 */
public enum NotifyEvent {
  APPROVAL_REQUESTED,
  STARTED,
  SUCCEEDED,
  FAILED,
  ABORTED,
  ESCALATED,
  WATCH_ALERT,
  SLA_BREACHED,
  DRILL_RESULT;

  /** The catalog's spelling: {@code approval-requested}, {@code watch-alert}, ... */
  public String id() {
    return name().toLowerCase().replace('_', '-');
  }

  public static Optional<NotifyEvent> of(String id) {
    return Arrays.stream(values()).filter(e -> e.id().equals(id)).findFirst();
  }

  public static String known() {
    return String.join(", ", Arrays.stream(values()).map(NotifyEvent::id).toList());
  }
}
