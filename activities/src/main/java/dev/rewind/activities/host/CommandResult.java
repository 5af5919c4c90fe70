package dev.rewind.activities.host;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How one command ended on a host: its exit code and the (redacted) tail of what it printed, and
 * where it ran (which agent process, or which SSH login). The summary is what a step keeps as its
 * detail: at most the last {@link #LINES} lines of each stream, each cut to {@link #LINE_BYTES}.
 */
public record CommandResult(
    List<String> argv, int exitCode, String stdoutTail, String stderrTail, String where) {
  static final int LINES = 20;
  static final int LINE_BYTES = 200;

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
      s.append("; stdout: ").append(bounded(stdoutTail));
    }
    if (!stderrTail.isBlank()) {
      s.append("; stderr: ").append(bounded(stderrTail));
    }
    return s.toString();
  }

  /**
   * The last {@link #LINES} non-blank lines, each at most {@link #LINE_BYTES} bytes, joined: what
   * output may become of a step's detail or failure (container logs too).
   */
  public static String bounded(String text) {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    List<String> last = lines.subList(Math.max(0, lines.size() - LINES), lines.size());
    String joined = String.join(" | ", last.stream().map(CommandResult::cut).toList());
    return lines.size() > LINES ? "… | " + joined : joined;
  }

  private static String cut(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= LINE_BYTES) {
      return line;
    }
    int end = LINE_BYTES;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--; // not in the middle of a character
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8) + "…";
  }
}
