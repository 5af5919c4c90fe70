package dev.rewind.activities.files;

import dev.rewind.activities.host.CommandResult;
import dev.rewind.activities.host.HostFailures;
import dev.rewind.activities.host.HostShell;
import dev.rewind.activities.host.HostShells;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.FileActivities;
import dev.rewind.workflows.HostTarget;
import java.time.Duration;
import java.util.List;

/**
 * File steps as argv on a host's {@link HostShell}, so they run the same on an agent and over SSH.
 * Paths must be absolute and are passed after {@code --}, never read as options.
 */
public class FileActivitiesImpl implements FileActivities {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final HostShells shells;

  public FileActivitiesImpl(HostShells shells) {
    this.shells = shells;
  }

  @Override
  public String checksum(HostTarget host, String path) {
    try (HostShell shell = shells.open(host)) {
      return checksum(shell, absolute(path));
    }
  }

  @Override
  public String copyFile(HostTarget host, String from, String to) {
    try (HostShell shell = shells.open(host)) {
      String source = checksum(shell, absolute(from));
      if (source == null) {
        throw HostFailures.permanent(
            FailureTypes.COMMAND_FAILED, from + " does not exist on " + shell.where(), null);
      }
      if (!source.equals(checksum(shell, absolute(to)))) {
        required(shell, "copy " + from, List.of("cp", "-p", "--", from, to));
      }
      return checksum(shell, to);
    }
  }

  @Override
  public String removeFile(HostTarget host, String path) {
    try (HostShell shell = shells.open(host)) {
      return required(shell, "remove " + path, List.of("rm", "-f", "--", absolute(path))).summary();
    }
  }

  private static String checksum(HostShell shell, String path) {
    if (!shell.run(List.of("test", "-e", path), null, TIMEOUT).succeeded()) {
      return null;
    }
    String line = required(shell, "checksum " + path, List.of("sha256sum", "--", path)).firstLine();
    return line.split("\\s+")[0];
  }

  private static CommandResult required(HostShell shell, String what, List<String> argv) {
    CommandResult result = shell.run(argv, null, TIMEOUT);
    if (!result.succeeded()) {
      throw HostFailures.commandFailed(what, result);
    }
    return result;
  }

  private static String absolute(String path) {
    if (path == null || !path.startsWith("/")) {
      throw HostFailures.permanent(
          FailureTypes.COMMAND_FAILED, "not an absolute path: " + path, null);
    }
    return path;
  }
}
