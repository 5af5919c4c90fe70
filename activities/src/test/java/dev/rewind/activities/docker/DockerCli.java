package dev.rewind.activities.docker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The docker CLI, as an operator would use it: tests set up the containers Rewind acts on with it,
 * so the specs are exactly what {@code docker run} produces.
 */
final class DockerCli {
  private DockerCli() {}

  /**
   * Runs {@code docker args…} and returns its trimmed stdout; fails the test on a non-zero exit.
   */
  static String run(String... args) {
    Result r = exec(args);
    if (r.exit != 0) {
      throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + r.out);
    }
    return r.out;
  }

  /** Stdout, or "" when the command failed (e.g. inspecting what does not exist). */
  static String runAllowingFailure(String... args) {
    Result r = exec(args);
    return r.exit == 0 ? r.out : "";
  }

  private record Result(int exit, String out) {}

  private static Result exec(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      return new Result(p.waitFor(), out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run docker", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
