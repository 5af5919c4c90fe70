package dev.rewind.activities;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.function.Executable;

/** The typed failure an activity call through a Temporal test environment ended with. */
public final class ActivityFailures {
  private ActivityFailures() {}

  public static ApplicationFailure failureOf(Executable call) {
    return applicationFailure(assertThrows(Exception.class, call));
  }

  public static ApplicationFailure applicationFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        return af;
      }
    }
    throw new AssertionError("no ApplicationFailure in " + e, e);
  }
}
