package dev.rewind.activities.host;

import dev.rewind.activities.Failures;
import dev.rewind.workflows.FailureTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns argv into the one command line SSH carries to the remote shell. Every argument is
 * single-quoted (a quote inside becomes {@code '\''}), so no value can become a second command, a
 * redirection or an expansion: the remote program gets exactly the argv the catalog declared.
 *
 * <p>The command runs in a session and process group of its own ({@code setsid -w}, util-linux)
 * whose id it prints first ({@link #GROUP_LINE}), so that a timed-out or cancelled command can be
 * killed with every process it started; and with only PATH, HOME and LANG in its environment
 * ({@code env -i}, the values the remote login gives), plus the variables the catalog gives the
 * command, whose values come from the worker over stdin.
 */
final class ShellQuoting {
  /** The first stdout line of every remote command: {@code rewind-pgid <id>}. */
  static final String GROUP_LINE = "rewind-pgid ";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * The remote script: print the group line, take PATH, HOME, LANG and the directory from its
   * arguments, read one value a line from stdin for each variable the catalog gives the command,
   * then run it with exactly those variables.
   */
  private static String script(List<String> names) {
    StringBuilder reads = new StringBuilder();
    StringBuilder assignments = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (!ENV_NAME.matcher(name).matches()) {
        throw Failures.permanent(
            FailureTypes.INVALID_VALUE,
            "environment variable name " + name + " is not an identifier: nothing was run",
            null);
      }
      reads.append(" IFS= read -r rewind_v").append(i).append(" || exit 125;");
      assignments.append(' ').append(name).append("=\"$rewind_v").append(i).append('"');
    }
    return "echo \""
        + GROUP_LINE
        + "$$\"; p=$1 h=$2 l=$3 d=$4; shift 4;"
        + reads
        + " if [ -n \"$d\" ]; then cd \"$d\" || exit 126; fi;"
        + " exec env -i PATH=\"$p\" HOME=\"$h\" LANG=\"$l\""
        + assignments
        + " \"$@\"";
  }

  private ShellQuoting() {}

  static String quote(String argument) {
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  static String commandLine(List<String> argv, List<String> env, String workDir) {
    if (argv.get(0).contains("=")) {
      // env(1) would read it as a variable to set rather than the program to run
      throw Failures.permanent(
          FailureTypes.COMMAND_FAILED,
          "a program name may not contain '=' (" + argv.get(0) + "): nothing was run",
          null);
    }
    String command = argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    return "exec setsid -w sh -c "
        + quote(script(env))
        + " rewind \"$PATH\" \"$HOME\" \"${LANG:-"
        + MinimalEnvironment.DEFAULT_LANG
        + "}\" "
        + quote(workDir == null ? "" : workDir)
        + " "
        + command;
  }

  /**
   * The values of {@code names}, one line each, as the remote script reads them from stdin. A value
   * holding a line break cannot travel so, and is refused (by the variable's name, never its
   * value).
   */
  static byte[] valueLines(List<String> names, Map<String, String> env) {
    StringBuilder lines = new StringBuilder();
    for (String name : names) {
      String value = env.get(name);
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        throw Failures.permanent(
            FailureTypes.INVALID_VALUE,
            "the value of environment variable " + name + " holds a line break: nothing was run",
            null);
      }
      lines.append(value).append('\n');
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Kills process group {@code group} on the remote host. */
  static String killGroup(long group) {
    return "kill -s KILL -- -" + group;
  }
}
