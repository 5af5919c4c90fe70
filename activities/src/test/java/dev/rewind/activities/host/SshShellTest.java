package dev.rewind.activities.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.catalog.HostTarget;
import dev.rewind.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Running argv over SSH against a real sshd on loopback, and how reaching a host fails. */
@Tag("infra")
class SshShellTest {
  private static Sshd sshd;
  private static final HostShells shells =
      HostShells.control(Redaction.NONE, Duration.ofSeconds(3));

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = Sshd.shared();
  }

  @Test
  void runsArgvAndKeepsExitCodeAndOutputTails() {
    try (HostShell shell = shells.open(sshd.host("app-1"))) {
      CommandResult result =
          shell.run(
              List.of("sh", "-c", "echo out; echo err >&2; exit 3"),
              "/tmp",
              Duration.ofSeconds(10));

      assertEquals(3, result.exitCode());
      assertEquals("out", result.stdoutTail().strip());
      assertEquals("err", result.stderrTail().strip());
      assertTrue(result.summary().startsWith("exit 3 on ssh " + sshd.user + "@127.0.0.1:"));
    }
  }

  @Test
  void argumentsReachTheProgramLiterallyWhateverTheyContain() throws Exception {
    Path pwned = sshd.dir.resolve("pwned");
    String hostile = "it's $(touch " + pwned + "); `touch " + pwned + "` && touch " + pwned;
    try (HostShell shell = shells.open(sshd.host("app-1"))) {
      CommandResult result =
          shell.run(List.of("printf", "%s|", hostile, "two words"), null, Duration.ofSeconds(10));

      assertEquals(0, result.exitCode());
      assertEquals(hostile + "|two words|", result.stdoutTail());
    }
    assertFalse(Files.exists(pwned));
  }

  @Test
  void oneConnectionServesEveryCommandOfAnActivity() throws Exception {
    long before = sshd.acceptedLogins();
    try (HostShell shell = shells.open(sshd.host("app-1"))) {
      for (int i = 0; i < 3; i++) {
        assertEquals(0, shell.run(List.of("true"), null, Duration.ofSeconds(10)).exitCode());
      }
    }
    Thread.sleep(200); // sshd writes its log line asynchronously
    assertEquals(before + 1, sshd.acceptedLogins());
  }

  @Test
  void hostKeyMismatchIsPermanentAndNothingRuns() throws Exception {
    Path marker = sshd.dir.resolve("ran-despite-mismatch");
    HostTarget impostor = withKnownHosts(sshd.host("app-1"), sshd.wrongKnownHosts());
    long before = sshd.acceptedLogins();

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> shells.open(impostor).close());

    assertEquals(FailureTypes.HOST_KEY_MISMATCH, failure.getType());
    assertTrue(failure.isNonRetryable());
    Thread.sleep(200);
    assertEquals(before, sshd.acceptedLogins());
    assertFalse(Files.exists(marker));
  }

  @Test
  void unknownHostIsPermanent() throws Exception {
    Path empty = Files.writeString(sshd.dir.resolve("known_hosts_empty"), "");
    ApplicationFailure failure =
        assertThrows(
            ApplicationFailure.class,
            () -> shells.open(withKnownHosts(sshd.host("app-1"), empty)).close());

    assertEquals(FailureTypes.HOST_KEY_UNKNOWN, failure.getType());
    assertTrue(failure.isNonRetryable());
  }

  @Test
  void refusedLoginIsPermanent() throws Exception {
    Path stranger = sshd.dir.resolve("stranger");
    if (!Files.exists(stranger)) {
      Sshd.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString());
    }
    HostTarget h = sshd.host("app-1");
    HostTarget withStranger =
        new HostTarget(
            h.name(),
            h.transport(),
            h.address(),
            h.user(),
            stranger.toString(),
            h.knownHostsFile());

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> shells.open(withStranger).close());

    assertEquals(FailureTypes.AUTH_FAILED, failure.getType());
    assertTrue(failure.isNonRetryable());
  }

  @Test
  void unreachableHostIsRetryable() throws Exception {
    HostTarget h = sshd.host("app-1");
    HostTarget closed =
        new HostTarget(
            h.name(),
            h.transport(),
            "127.0.0.1:" + Sshd.freePort(),
            h.user(),
            h.privateKeyFile(),
            h.knownHostsFile());

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> shells.open(closed).close());

    assertEquals(HostFailures.HOST_UNREACHABLE, failure.getType());
    assertFalse(failure.isNonRetryable());
  }

  @Test
  void commandOutlivingItsTimeoutIsKilledWithItsProcessGroupAndNotRetried() throws Exception {
    Path pidFile = sshd.dir.resolve("child.pid");
    String orphan = "(sleep 600 & echo $! > " + pidFile + "); sleep 600";
    try (HostShell shell = shells.open(sshd.host("app-1"))) {
      ApplicationFailure failure =
          assertThrows(
              ApplicationFailure.class,
              () -> shell.run(List.of("sh", "-c", orphan), null, Duration.ofSeconds(1)));

      assertEquals(FailureTypes.COMMAND_TIMEOUT, failure.getType());
      assertTrue(failure.isNonRetryable());
    }
    HostActivitiesImplTest.assertGone(Long.parseLong(Files.readString(pidFile).strip()));
  }

  @Test
  void commandsSeeOnlyPathHomeAndLang() {
    try (HostShell shell = shells.open(sshd.host("app-1"))) {
      CommandResult result = shell.run(List.of("env"), "/tmp", Duration.ofSeconds(10));

      assertEquals(
          java.util.Set.of("PATH", "HOME", "LANG"),
          result
              .stdoutTail()
              .lines()
              .map(l -> l.substring(0, l.indexOf('=')))
              .collect(java.util.stream.Collectors.toSet()),
          result.stdoutTail());
    }
  }

  private static HostTarget withKnownHosts(HostTarget h, Path knownHosts) {
    return new HostTarget(
        h.name(), h.transport(), h.address(), h.user(), h.privateKeyFile(), knownHosts.toString());
  }
}
