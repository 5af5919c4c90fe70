package dev.rewind.activities.database;

import dev.rewind.activities.Failures;
import dev.rewind.workflows.database.DatabaseFailures;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one PostgreSQL client program (pg_dump, pg_restore) to its end, heartbeating every second
 * with the bytes it has done so far, as {@code progress} measures them. When the heartbeat says the
 * activity was cancelled or timed out, the program is killed before the failure is passed on, so an
 * abandoned step does not go on changing the database.
 */
final class PgTool {
  private static final Logger log = LoggerFactory.getLogger(PgTool.class);
  private static final int TAIL = 4096;

  /** The exit code and the tail of stderr. */
  record Result(int exit, String stderr, long bytes) {}

  private PgTool() {}

  /**
   * Finds a program in {@code bindir} when given, else in Debian's newest {@code
   * /usr/lib/postgresql/<v>/bin} (not through Debian's version-picking wrapper), else on PATH.
   */
  static String program(String bindir, String name) {
    if (bindir != null && Files.isExecutable(Path.of(bindir, name))) {
      return Path.of(bindir, name).toString();
    }
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    if (versions != null) {
      var newest =
          java.util.Arrays.stream(versions)
              .map(v -> new File(v, "bin/" + name))
              .filter(File::canExecute)
              .map(File::getPath)
              .max(java.util.Comparator.comparing(PgTool::version));
      if (newest.isPresent()) {
        return newest.get();
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    return name;
  }

  private static int version(String path) {
    String v = new File(path).getParentFile().getParentFile().getName();
    return v.matches("\\d+") ? Integer.parseInt(v) : 0;
  }

  /** How many bytes a running program has done. */
  interface Meter {
    long bytes(Process process);
  }

  static Result run(List<String> argv, Map<String, String> env, String phase, Meter meter) {
    Path err = null;
    Process process = null;
    try {
      err = Files.createTempFile("rewind-pg-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      process = builder.start();
      long bytes = 0;
      while (!process.waitFor(1, TimeUnit.SECONDS)) {
        bytes = Math.max(bytes, meter.bytes(process));
        Activity.getExecutionContext().heartbeat(new TransferProgress(phase, bytes));
      }
      bytes = Math.max(bytes, meter.bytes(process));
      Activity.getExecutionContext().heartbeat(new TransferProgress(phase, bytes));
      return new Result(process.exitValue(), tail(err), bytes);
    } catch (ActivityCompletionException e) {
      log.warn(
          "{}: the activity ended ({}), killing {}",
          phase,
          e.getClass().getSimpleName(),
          argv.get(0));
      kill(process);
      throw e;
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(phase + " interrupted", e);
    } catch (IOException e) {
      throw Failures.permanent(
          DatabaseFailures.DATABASE_REJECTED, "cannot run " + argv.get(0) + ": " + e.getMessage());
    } finally {
      if (err != null) {
        err.toFile().delete();
      }
    }
  }

  private static void kill(Process process) {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** Bytes a growing output file, or a growing directory dump, holds. */
  static Meter written(Path dump) {
    return p -> {
      try {
        return Manifests.size(dump);
      } catch (IOException | UncheckedIOException e) {
        return 0;
      }
    };
  }

  /**
   * How far a process and its children (pg_restore -j forks workers) have read into {@code input},
   * a file or the files of a directory dump: the offsets of their descriptors on those files
   * ({@code /proc/<pid>/fdinfo}), each file counted at the furthest offset seen so far, or 0 where
   * /proc does not tell.
   */
  static Meter readOffset(Path input) {
    Path target = input.toAbsolutePath().normalize();
    Map<Path, Long> furthest = new ConcurrentHashMap<>();
    return process -> {
      Stream.concat(Stream.of(process.toHandle()), process.descendants())
          .forEach(p -> readOffsets(p.pid(), target, furthest));
      return furthest.values().stream().mapToLong(Long::longValue).sum();
    };
  }

  private static void readOffsets(long pid, Path target, Map<Path, Long> furthest) {
    Path fds = Path.of("/proc", String.valueOf(pid), "fd");
    try (var list = Files.list(fds)) {
      for (Path fd : (Iterable<Path>) list::iterator) {
        try {
          Path file = Files.readSymbolicLink(fd);
          if (file.equals(target) || target.equals(file.getParent())) {
            Path info =
                Path.of("/proc", String.valueOf(pid), "fdinfo", fd.getFileName().toString());
            for (String line : Files.readAllLines(info)) {
              if (line.startsWith("pos:")) {
                furthest.merge(file, Long.parseLong(line.substring(4).trim()), Math::max);
              }
            }
          }
        } catch (IOException | NumberFormatException ignored) {
          // the descriptor closed while we looked
        }
      }
    } catch (IOException | UncheckedIOException ignored) {
      // the process has ended, or this is not Linux
    }
  }

  private static String tail(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int from = Math.max(0, all.length - TAIL);
    return new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8);
  }
}
