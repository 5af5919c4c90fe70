package dev.rewind.workflows.legacy;

public enum StepStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELED
}
