package dev.rewind.activities.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rewind.activities.host.HostShells;
import dev.rewind.activities.host.Sshd;
import dev.rewind.workflows.HostTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The file steps, the same code on an agent (local) and over SSH (a real sshd on loopback). */
@Tag("infra")
class FileActivitiesImplTest {
  private static Sshd sshd;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = new Sshd();
  }

  @AfterAll
  static void stopSshd() {
    sshd.close();
  }

  static Stream<Arguments> transports() {
    return Stream.of(
        Arguments.of(
            "agent", new FileActivitiesImpl(HostShells.agent("local")), HostTarget.agent("local")),
        Arguments.of(
            "ssh",
            new FileActivitiesImpl(HostShells.control(Duration.ofSeconds(3))),
            sshd.host("app-1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void copiesChecksumsAndRemoves(String transport, FileActivitiesImpl files, HostTarget host)
      throws Exception {
    Path dir = Files.createTempDirectory("rewind-files-");
    Path from = Files.writeString(dir.resolve("nginx.conf"), "worker_processes 2;\n");
    Path to = dir.resolve("nginx.conf.rewind");
    String expected =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(from)));

    assertEquals(expected, files.checksum(host, from.toString()));
    assertNull(files.checksum(host, to.toString()));
    assertEquals(expected, files.copyFile(host, from.toString(), to.toString()));
    assertEquals(expected, files.copyFile(host, from.toString(), to.toString())); // idempotent
    assertEquals("worker_processes 2;\n", Files.readString(to));
    files.removeFile(host, to.toString());
    files.removeFile(host, to.toString());
    assertFalse(Files.exists(to));
  }
}
