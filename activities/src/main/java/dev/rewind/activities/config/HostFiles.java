package dev.rewind.activities.config;

import dev.rewind.activities.host.CommandResult;
import dev.rewind.activities.host.HostFailures;
import dev.rewind.activities.host.HostShell;
import dev.rewind.workflows.config.ConfigFile;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * File operations on a host as fixed argv of coreutils ({@code test}, {@code stat}, {@code
 * sha256sum}, {@code cp}, {@code chmod}, {@code chown}, {@code mv}), run through the host's {@link
 * HostShell}: the same code for an agent's own host and for an SSH host. Every path is absolute (a
 * catalog path, or one Rewind built under the catalog's backup directory), so none can be read as
 * an option. No command here prints a file's content.
 */
final class HostFiles {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern STAT = Pattern.compile("[0-7]{3,4} \\S+:\\S+");

  private final HostShell shell;

  HostFiles(HostShell shell) {
    this.shell = shell;
  }

  String where() {
    return shell.where();
  }

  boolean isFile(String path) {
    return run(List.of("test", "-f", path)).succeeded();
  }

  boolean isDirectory(String path) {
    return run(List.of("test", "-d", path)).succeeded();
  }

  /** The file's checksum, mode and owner, or an absent file's record. */
  ConfigFile state(String path) {
    if (!isFile(path)) {
      return new ConfigFile(path, null, null, null);
    }
    String sha = sha256(path);
    String stat = required(List.of("stat", "-c", "%a %U:%G", path), "stat " + path).firstLine();
    if (!STAT.matcher(stat).matches()) {
      throw HostFailures.commandFailed(
          "stat " + path,
          new CommandResult(List.of("stat"), 1, "", "unexpected: " + stat, where()));
    }
    int space = stat.indexOf(' ');
    return new ConfigFile(path, sha, stat.substring(0, space), stat.substring(space + 1));
  }

  String sha256(String path) {
    String line = required(List.of("sha256sum", path), "sha256sum " + path).firstLine();
    String sha = line.length() >= 64 ? line.substring(0, 64) : line;
    if (!SHA256.matcher(sha).matches()) {
      throw HostFailures.commandFailed(
          "sha256sum " + path,
          new CommandResult(List.of("sha256sum"), 1, "", "unexpected output", where()));
    }
    return sha;
  }

  /** Whether {@code sums} (a SHA256SUMS file) lists {@code relative} with checksum {@code sha}. */
  boolean listed(String sums, String relative, String sha) {
    return run(List.of(
            "grep",
            "-qxF",
            "-e",
            sha + "  " + relative,
            "-e",
            sha + " *" + relative,
            "-e",
            sha + "  ./" + relative,
            "-e",
            sha + " *./" + relative,
            sums))
        .succeeded();
  }

  /** {@code sha256sum -c} of a whole set in its own directory: names of failing files, or null. */
  String verifySums(String dir) {
    CommandResult result =
        shell.run(List.of("sha256sum", "-c", "--strict", "--quiet", "SHA256SUMS"), dir, TIMEOUT);
    return result.succeeded()
        ? null
        : CommandResult.bounded(result.stdoutTail() + "\n" + result.stderrTail());
  }

  void makeDirectories(String dir) {
    required(List.of("mkdir", "-p", dir), "mkdir -p " + dir);
  }

  /** A copy keeping content, mode, owner (where permitted) and times. */
  void copyPreserving(String from, String to) {
    required(List.of("cp", "-p", from, to), "cp -p " + from + " " + to);
  }

  /** A copy of the content only (a new file gets the umask's mode, an existing one keeps its). */
  void copyContent(String from, String to) {
    required(List.of("cp", from, to), "cp " + from + " " + to);
  }

  /** {@code file} gets the mode and owner of {@code reference}. */
  void sameModeAndOwner(String reference, String file) {
    required(List.of("chmod", "--reference=" + reference, file), "chmod " + file);
    required(List.of("chown", "--reference=" + reference, file), "chown " + file);
  }

  /** Renames within one directory: atomic, readers see the old file or the new one. */
  void rename(String from, String to) {
    required(List.of("mv", "-f", from, to), "mv -f " + from + " " + to);
  }

  void remove(String file) {
    required(List.of("rm", "-f", file), "rm -f " + file);
  }

  void touch(String file) {
    required(List.of("touch", file), "touch " + file);
  }

  /** Runs a catalog command (validator, reload) with the catalog's timeout. */
  CommandResult runFor(List<String> argv, Duration timeout) {
    return shell.run(argv, null, timeout);
  }

  /** Runs {@code argv}; its output is returned to the caller only, never logged here. */
  CommandResult run(List<String> argv) {
    return shell.run(argv, null, TIMEOUT);
  }

  private CommandResult required(List<String> argv, String what) {
    CommandResult result = run(argv);
    if (!result.succeeded()) {
      throw HostFailures.commandFailed(what, result);
    }
    return result;
  }
}
