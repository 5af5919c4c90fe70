package dev.rewind.activities.host;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns argv into the one command line SSH carries to the remote shell. Every argument is
 * single-quoted (a quote inside becomes {@code '\''}), so no value can become a second command, a
 * redirection or an expansion: the remote shell sees exactly the argv the catalog declared.
 */
final class ShellQuoting {
  private ShellQuoting() {}

  static String quote(String argument) {
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  static String commandLine(List<String> argv, String workDir) {
    String command = argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    return workDir == null ? "exec " + command : "cd " + quote(workDir) + " && exec " + command;
  }
}
