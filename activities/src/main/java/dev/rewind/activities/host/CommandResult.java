package dev.rewind.activities.host;

import java.util.List;

/**
 * How one command ended on a host: its exit code and the tail of what it printed, and where it ran
 * (which agent process, or which SSH login). The summary is what a step keeps as its detail.
 */
public record CommandResult(
    List<String> argv, int exitCode, String stdoutTail, String stderrTail, String where) {
  private static final int SHOWN = 300;

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** The first line of stdout, e.g. the sha printed by {@code git rev-parse}. */
  public String firstLine() {
    return stdoutTail.strip().lines().findFirst().orElse("");
  }

  public String summary() {
    StringBuilder s = new StringBuilder("exit " + exitCode + " on " + where);
    if (!stdoutTail.isBlank()) {
      s.append("; stdout: ").append(tail(stdoutTail));
    }
    if (!stderrTail.isBlank()) {
      s.append("; stderr: ").append(tail(stderrTail));
    }
    return s.toString();
  }

  private static String tail(String text) {
    String flat = text.strip().replaceAll("\\s*\\n\\s*", " | ");
    return flat.length() <= SHOWN ? flat : "…" + flat.substring(flat.length() - SHOWN);
  }
}
