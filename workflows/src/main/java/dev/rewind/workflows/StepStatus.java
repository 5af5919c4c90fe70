package dev.rewind.workflows;

public enum StepStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELED
}
