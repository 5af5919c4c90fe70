package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: {@code scripts/dev up} restarts a SIGKILLed component even where nothing reaps it. The
 * killed worker here is the child of a process that never waits for it, as an orphan is where PID 1
 * does not reap: a zombie that still answers {@code kill -0}. {@code scripts/lib.sh} must take it
 * for dead and start a new worker, which waits for the Temporal that is not there yet.
 */
@Tag("infra")
class DevScriptRestartIT {
  private final Path root =
      Path.of(System.getProperty("rewind.root", "..")).toAbsolutePath().normalize();
  private Path state;
  private Process neglectfulParent;
  private long restarted;

  @BeforeEach
  void stateDir() throws Exception {
    state = Files.createTempDirectory("rewind-dev-restart-");
  }

  @AfterEach
  void stopWhatWeStarted() {
    if (restarted > 0) {
      ProcessHandle.of(restarted).ifPresent(ProcessHandle::destroyForcibly);
    }
    if (neglectfulParent != null) {
      neglectfulParent.destroyForcibly();
    }
  }

  @Test
  void aKilledWorkerThatIsAZombieCountsAsDeadAndIsStartedAgain() throws Exception {
    long zombie = killedChildOfANeglectfulParent();
    assertEquals("Z", processState(zombie));
    assertEquals(0, Processes.exitCode("kill", "-0", String.valueOf(zombie)), "kill -0 answers");
    assertEquals(1, lib("alive worker"), "a zombie must count as dead");

    assertEquals(0, lib("start_worker"));

    restarted = Long.parseLong(Files.readString(state.resolve("worker.pid")).trim());
    assertNotEquals(zombie, restarted);
    assertEquals(0, lib("alive worker"));
    Path log = state.resolve("worker.log");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline
        && !(Files.exists(log) && Files.readString(log).contains("is not reachable"))) {
      Thread.sleep(200);
    }
    assertTrue(Files.readString(log).contains("is not reachable"), Files.readString(log));
    assertEquals(0, lib("alive worker"), "the new worker waits for Temporal instead of exiting");
  }

  /** A child SIGKILLed under a parent that never reaps it; its pid is in worker.pid. */
  private long killedChildOfANeglectfulParent() throws Exception {
    Path pidFile = state.resolve("worker.pid");
    neglectfulParent =
        new ProcessBuilder("bash", "-c", "sleep 600 & echo $! > '" + pidFile + "'; exec sleep 600")
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank())) {
      assertTrue(System.nanoTime() < deadline, "no pid written");
      Thread.sleep(50);
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    Processes.run("kill", "-9", String.valueOf(pid));
    while (!"Z".equals(processState(pid))) {
      assertTrue(System.nanoTime() < deadline, "the killed child never became a zombie");
      Thread.sleep(50);
    }
    return pid;
  }

  private static String processState(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    return stat.substring(stat.lastIndexOf(") ") + 2).split(" ")[0];
  }

  /** Runs {@code commands} in bash with scripts/lib.sh sourced on the test's state directory. */
  private int lib(String commands) throws Exception {
    ProcessBuilder bash =
        new ProcessBuilder(
                "bash", "-c", "source '" + root.resolve("scripts/lib.sh") + "' && " + commands)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("lib.log").toFile()));
    bash.environment()
        .putAll(
            Map.of(
                "REWIND_STATE_DIR", state.toString(),
                "REWIND_CATALOG", root.resolve("examples/rewind.yml").toString(),
                "REWIND_TEMPORAL_PORT", String.valueOf(Processes.freePort())));
    Process process = bash.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), commands + " did not finish");
    return process.exitValue();
  }
}
