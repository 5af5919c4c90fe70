package dev.rewind.workflows.legacy;

import dev.rewind.workflows.StepStatus;

/**
 * One step of a rollback as it ran: which attempt, on what target, when, how it ended and a short
 * detail (the failure message, or what was done). Times are epoch milliseconds of workflow time.
 */
public record StepRecord(
    String name,
    String target,
    int attempt,
    StepStatus status,
    long startedAt,
    Long endedAt,
    String detail) {

  StepRecord finish(StepStatus newStatus, long at, String newDetail) {
    return new StepRecord(name, target, attempt, newStatus, startedAt, at, newDetail);
  }
}
