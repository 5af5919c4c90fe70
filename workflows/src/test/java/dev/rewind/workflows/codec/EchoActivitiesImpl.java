package dev.rewind.workflows.codec;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;

/**
 * Heartbeats with its input, fails its first attempt with the input in the message, and answers on
 * the second: so the input reaches every kind of payload a history holds.
 */
public class EchoActivitiesImpl implements EchoActivities {
  @Override
  public String echo(String input) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    context.heartbeat(input);
    if (context.getInfo().getAttempt() == 1) {
      throw ApplicationFailure.newFailure("first attempt failed on " + input, "Flaky");
    }
    return "echo " + input;
  }
}
