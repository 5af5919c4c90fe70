package dev.rewind.workflows.codec;

import io.temporal.activity.ActivityInterface;

/** The one step of {@link EchoWorkflow}. */
@ActivityInterface
public interface EchoActivities {
  String echo(String input);
}
