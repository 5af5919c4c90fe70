package dev.rewind.activities.host;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs argv on the agent's own host, without a shell. Output goes to temporary files, so a command
 * that starts a daemon holding its stdout open does not keep the step waiting.
 */
final class LocalShell implements HostShell {
  private static final int TAIL = 4096;

  private final String where;

  LocalShell(String host) {
    this.where = "agent " + host + " (pid " + ProcessHandle.current().pid() + ")";
  }

  @Override
  public CommandResult run(List<String> argv, String workDir, Duration timeout) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("rewind-out-", ".log");
      err = Files.createTempFile("rewind-err-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      if (workDir != null) {
        builder.directory(new File(workDir));
      }
      Process process = builder.start();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw HostFailures.timedOut(where, argv.get(0), timeout.toSeconds());
      }
      return new CommandResult(argv, process.exitValue(), tail(out), tail(err), where);
    } catch (IOException e) {
      // The program is missing or the directory does not exist: a catalog mistake, not transient.
      return new CommandResult(argv, 127, "", e.getMessage(), where);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HostFailures.unreachable(where, e);
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
