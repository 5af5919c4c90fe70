package dev.rewind.activities;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rewind.workflows.core.Incident;
import dev.rewind.workflows.core.Notice;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/**
 * Calling activities as a worker runs them, through Temporal's activity test environment: stubs
 * that try each call once (a test sees the failure itself, not the retry policy's), and the typed
 * failure a call ended with.
 */
public final class TestActivities {
  private TestActivities() {}

  /** A stub of {@code type} on {@code env}: one attempt, a 20 s heartbeat timeout. */
  public static <T> T once(TestActivityEnvironment env, Class<T> type, Duration startToClose) {
    return env.newActivityStub(
        type,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(startToClose)
            .setHeartbeatTimeout(Duration.ofSeconds(20))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

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

  /** Notifications for a catalog without routes: incidents declared are kept in {@code into}. */
  public static NotifyActivities incidentsInto(List<Incident> into) {
    return new NotifyActivities() {
      @Override
      public void declareIncident(Target service, Incident incident) {
        into.add(incident);
      }

      @Override
      public Map<String, List<String>> routes(Target service) {
        return Map.of();
      }

      @Override
      public String deliver(Target service, String name, Notice notice) {
        throw new IllegalStateException("no routes, no deliveries");
      }
    };
  }
}
