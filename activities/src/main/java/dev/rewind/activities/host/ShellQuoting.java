package dev.rewind.activities.host;

import dev.rewind.activities.Failures;
import dev.rewind.workflows.FailureTypes;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns argv into the one command line SSH carries to the remote shell. Every argument is
 * single-quoted (a quote inside becomes {@code '\''}), so no value can become a second command, a
 * redirection or an expansion: the remote program gets exactly the argv the catalog declared.
 *
 * <p>The command runs in a session and process group of its own ({@code setsid -w}, util-linux)
 * whose id it prints first ({@link #GROUP_LINE}), so that a timed-out or cancelled command can be
 * killed with every process it started; and with only PATH, HOME and LANG in its environment
 * ({@code env -i}, the values the remote login gives).
 */
final class ShellQuoting {
  /** The first stdout line of every remote command: {@code rewind-pgid <id>}. */
  static final String GROUP_LINE = "rewind-pgid ";

  private static final String SCRIPT =
      "echo \""
          + GROUP_LINE
          + "$$\"; p=$1 h=$2 l=$3 d=$4; shift 4;"
          + " if [ -n \"$d\" ]; then cd \"$d\" || exit 126; fi;"
          + " exec env -i PATH=\"$p\" HOME=\"$h\" LANG=\"$l\" \"$@\"";

  private ShellQuoting() {}

  static String quote(String argument) {
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  static String commandLine(List<String> argv, String workDir) {
    if (argv.get(0).contains("=")) {
      // env(1) would read it as a variable to set rather than the program to run
      throw Failures.permanent(
          FailureTypes.COMMAND_FAILED,
          "a program name may not contain '=' (" + argv.get(0) + "): nothing was run",
          null);
    }
    String command = argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    return "exec setsid -w sh -c "
        + quote(SCRIPT)
        + " rewind \"$PATH\" \"$HOME\" \"${LANG:-"
        + MinimalEnvironment.DEFAULT_LANG
        + "}\" "
        + quote(workDir == null ? "" : workDir)
        + " "
        + command;
  }

  /** Kills process group {@code group} on the remote host. */
  static String killGroup(long group) {
    return "kill -s KILL -- -" + group;
  }
}
