package dev.rewind.activities;

import io.temporal.failure.ApplicationFailure;

/**
 * The one way an activity says "this will not get better by retrying": a non-retryable failure with
 * a stable type. Causes are folded into the message rather than attached, so the step's detail
 * starts with the stable type, not with a library's exception class.
 */
public final class Failures {
  private Failures() {}

  public static ApplicationFailure permanent(String type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type);
  }

  public static ApplicationFailure permanent(String type, String message, Throwable cause) {
    return permanent(type, cause == null ? message : message + " (" + cause + ")");
  }
}
