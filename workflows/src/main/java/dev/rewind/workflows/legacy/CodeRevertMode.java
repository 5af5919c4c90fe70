package dev.rewind.workflows.legacy;

/** How {@code code-revert} returns to the known-good commit. */
public final class CodeRevertMode {
  /** Default: revert every commit after the known-good one, newest first (history kept). */
  public static final String REVERT = "revert";

  /** Check out the known-good commit (detached HEAD). */
  public static final String CHECKOUT = "checkout";

  private CodeRevertMode() {}
}
