package dev.rewind.workflows.codec;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class EchoWorkflowImpl implements EchoWorkflow {
  private final EchoActivities step =
      Workflow.newActivityStub(
          EchoActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setSummary("echo on host local")
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMillis(100))
                      .setMaximumAttempts(3)
                      .build())
              .build());

  @Override
  public String run(String input) {
    if (input.startsWith("refuse")) {
      throw ApplicationFailure.newNonRetryableFailure("refused " + input, "Refused");
    }
    return step.echo(input);
  }
}
