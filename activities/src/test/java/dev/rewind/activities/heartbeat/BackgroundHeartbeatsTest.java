package dev.rewind.activities.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackgroundHeartbeatsTest {
  private static final String QUEUE = "heartbeats";

  @WorkflowInterface
  public interface Blocking {
    @WorkflowMethod
    String run(int attempts, boolean failFirst);
  }

  @ActivityInterface
  public interface Slow {
    String block(boolean failFirst);
  }

  public static class BlockingImpl implements Blocking {
    @Override
    public String run(int attempts, boolean failFirst) {
      Slow slow =
          Workflow.newActivityStub(
              Slow.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  .setHeartbeatTimeout(Duration.ofSeconds(2))
                  .setRetryOptions(
                      RetryOptions.newBuilder()
                          .setInitialInterval(Duration.ofMillis(100))
                          .setMaximumAttempts(attempts)
                          .build())
                  .build());
      return slow.block(failFirst);
    }
  }

  /** Heartbeats details once, then blocks past the heartbeat timeout without heartbeating. */
  static class SlowImpl implements Slow {
    final List<String> seenOnRetry = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String block(boolean failFirst) {
      var activity = Activity.getExecutionContext();
      if (activity.getInfo().getAttempt() > 1) {
        seenOnRetry.add(activity.getHeartbeatDetails(String.class).orElse("none"));
        return "retried";
      }
      activity.heartbeat("progress 42");
      sleep(Duration.ofSeconds(5)); // more than twice the heartbeat timeout
      if (failFirst) {
        throw new IllegalStateException("first attempt fails after blocking");
      }
      return "done";
    }
  }

  private TestWorkflowEnvironment env;
  private final SlowImpl slow = new SlowImpl();

  @BeforeEach
  void start() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(BackgroundHeartbeats.factoryOptions())
                .setUseTimeskipping(false)
                .build());
    var worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(BlockingImpl.class);
    worker.registerActivitiesImplementations(slow);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void anActivityBlockingPastItsHeartbeatTimeoutStaysAlive() {
    assertEquals("done", blocking().run(1, false));
  }

  @Test
  void theBackgroundHeartbeatsKeepTheActivitysOwnDetails() {
    assertEquals("retried", blocking().run(2, true));
    assertEquals(List.of("progress 42"), slow.seenOnRetry);
  }

  private Blocking blocking() {
    return env.getWorkflowClient()
        .newWorkflowStub(Blocking.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
