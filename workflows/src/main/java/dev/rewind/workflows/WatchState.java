package dev.rewind.workflows;

import java.util.List;

/**
 * The watch after a chain succeeded: when it started and ends (epoch milliseconds, workflow time),
 * the checks done, how many failed, the current run of consecutive failures, and the latest failed
 * checks as evidence (at most {@link #EVIDENCE_KEPT}).
 */
public record WatchState(
    long startedAt,
    long endsAt,
    int checks,
    int failures,
    int consecutiveFailures,
    List<HealthProbe> evidence) {
  public static final int EVIDENCE_KEPT = 10;
}
