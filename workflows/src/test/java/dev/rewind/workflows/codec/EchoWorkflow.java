package dev.rewind.workflows.codec;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A workflow for the codec tests: hands its input to one activity step and returns its answer. */
@WorkflowInterface
public interface EchoWorkflow {
  /** Fails with type {@code Refused} and the input in its message when the input says "refuse". */
  @WorkflowMethod
  String run(String input);
}
