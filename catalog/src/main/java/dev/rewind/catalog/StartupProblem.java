package dev.rewind.catalog;

/**
 * A configuration mistake that keeps Rewind (the api or a worker) from starting, phrased for the
 * operator who has to fix it: the message says what is wrong and where, the action what to do.
 * {@link StartupProblemAnalyzer} prints it instead of a stack trace.
 */
public class StartupProblem extends RuntimeException {
  private final String action;

  public StartupProblem(String message, String action) {
    super(message);
    this.action = action;
  }

  public String action() {
    return action;
  }
}
