package dev.rewind.activities.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Local commands run in a session and process group of their own ({@code setsid}), so that a
 * timed-out or cancelled command is killed with everything it started, including children that left
 * its process tree (a daemon started with {@code nohup … &}), and never the worker itself.
 */
final class ProcessGroups {
  private static final String SETSID =
      List.of("/usr/bin/setsid", "/bin/setsid").stream()
          .filter(p -> Files.isExecutable(Path.of(p)))
          .findFirst()
          .orElse(null);

  private ProcessGroups() {}

  /** {@code argv} run as the leader of a new process group (its pid is the group's id). */
  static List<String> inOwnGroup(List<String> argv) {
    if (SETSID == null) {
      return argv; // only its descendants can be found and killed then
    }
    List<String> wrapped = new ArrayList<>(List.of(SETSID));
    wrapped.addAll(argv);
    return wrapped;
  }

  /** Kills {@code process}, its descendants and every other member of its process group. */
  static void kill(Process process) {
    long group = process.pid();
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (SETSID == null) {
      return;
    }
    for (int round = 0; round < 10; round++) {
      List<ProcessHandle> members =
          ProcessHandle.allProcesses().filter(p -> liveMemberOf(p.pid(), group)).toList();
      if (members.isEmpty()) {
        return;
      }
      members.forEach(ProcessHandle::destroyForcibly);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** From {@code /proc/<pid>/stat}: in {@code group} and not a zombie (already dead). */
  private static boolean liveMemberOf(long pid, long group) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return !fields[0].equals("Z") && Long.parseLong(fields[2]) == group;
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }
}
