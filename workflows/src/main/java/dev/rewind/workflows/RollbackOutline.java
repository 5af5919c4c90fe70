package dev.rewind.workflows;

import java.util.List;

/**
 * The steps a plan's chain will take, in order, each with its compensation: what a dry run answers.
 * Built from the same rules the workflow follows (maintenance once, the application stopped once
 * when the chain touches the database, each strategy's snapshot before its destructive step).
 */
public final class RollbackOutline {
  private RollbackOutline() {}

  public static List<PlannedStep> of(RollbackPlan plan) {
    return List.of(); // filled in by the chain's implementation
  }
}
