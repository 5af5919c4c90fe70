package dev.rewind.activities.host;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs argv on the agent's own host, without a shell, in a process group of its own and with a
 * {@link MinimalEnvironment}. Output goes to temporary files, so a command that starts a daemon
 * holding its stdout open does not keep the step waiting.
 */
final class LocalShell implements HostShell {
  private static final int TAIL = 4096;

  private final String where;
  private final Redaction redaction;
  private final Map<String, String> environment = MinimalEnvironment.of(System.getenv());

  LocalShell(String host, Redaction redaction) {
    this.where = "agent " + host + " (pid " + ProcessHandle.current().pid() + ")";
    this.redaction = redaction;
  }

  @Override
  public CommandResult run(
      List<String> argv, Map<String, String> env, String workDir, Duration timeout) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("rewind-out-", ".log");
      err = Files.createTempFile("rewind-err-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(ProcessGroups.inOwnGroup(argv))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(environment);
      builder.environment().putAll(env);
      if (workDir != null) {
        builder.directory(new File(workDir));
      }
      Process process = builder.start();
      CommandWatch.await(
          new CommandWatch.Running() {
            @Override
            public boolean ended(Duration wait) throws InterruptedException {
              return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void killGroup() {
              ProcessGroups.kill(process);
            }
          },
          timeout,
          where,
          argv);
      return new CommandResult(
          argv, process.exitValue(), redaction.apply(tail(out)), redaction.apply(tail(err)), where);
    } catch (IOException e) {
      // The program is missing or the directory does not exist: a catalog mistake, not transient.
      return new CommandResult(argv, 127, "", e.getMessage(), where);
    } finally {
      delete(out);
      delete(err);
    }
  }

  @Override
  public String where() {
    return where;
  }

  @Override
  public void close() {}

  private static String tail(Path file) throws IOException {
    OutputTail tail = new OutputTail(TAIL);
    Files.copy(file, tail);
    return tail.toString();
  }

  private static void delete(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // a temporary file left behind is harmless
    }
  }
}
