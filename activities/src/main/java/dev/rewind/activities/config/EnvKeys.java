package dev.rewind.activities.config;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the keys that differ between two env files, read from {@code diff}'s output (lines
 * {@code < KEY=value} and {@code > KEY=value}): the values are dropped here and never leave this
 * class. What is not a {@code KEY=value} line (comments, blank lines) counts as "other lines".
 */
final class EnvKeys {
  private static final Pattern ENTRY =
      Pattern.compile("^[<>] (?:export\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*=.*$");
  private static final Pattern CHANGED_LINE = Pattern.compile("^[<>] .*$");

  private EnvKeys() {}

  static String changed(String diffOutput, boolean truncated) {
    TreeSet<String> keys = new TreeSet<>();
    boolean other = false;
    for (String line : diffOutput.split("\n")) {
      Matcher entry = ENTRY.matcher(line);
      if (entry.matches()) {
        keys.add(entry.group(1));
      } else if (CHANGED_LINE.matcher(line).matches()) {
        other = true;
      }
    }
    StringBuilder s = new StringBuilder("keys changed: ");
    s.append(keys.isEmpty() ? "none" : String.join(", ", keys));
    if (other) {
      s.append(" (and other lines)");
    }
    if (truncated) {
      s.append(" (diff longer than shown: more keys may have changed)");
    }
    return s.toString();
  }

  static List<String> diff(String current, String replacement) {
    return List.of("diff", current, replacement);
  }
}
