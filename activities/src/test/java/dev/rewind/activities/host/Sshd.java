package dev.rewind.activities.host;

import dev.rewind.activities.catalog.HostTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on loopback for tests: a free port, a freshly generated host key and client
 * key, its own sshd_config (public keys only, {@code StrictModes no}, pid file in its directory),
 * and a known_hosts file pinning its host key. Its log tells which logins were accepted.
 */
public final class Sshd implements AutoCloseable {
  public final Path dir;
  public final int port;
  public final Path clientKey;
  public final Path knownHosts;
  public final String user = System.getProperty("user.name");
  private final Path log;
  private final Process process;

  private static Sshd shared;

  /**
   * One sshd for the test classes of this JVM that need a server and nothing more of it, started on
   * first use and stopped when the JVM exits.
   */
  public static synchronized Sshd shared() throws Exception {
    if (shared == null) {
      shared = new Sshd();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  public Sshd() throws Exception {
    dir = Files.createTempDirectory("rewind-sshd-");
    port = freePort();
    clientKey = dir.resolve("id_ed25519");
    knownHosts = dir.resolve("known_hosts");
    log = dir.resolve("sshd.log");
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString());
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    Files.writeString(knownHosts, knownHostsLine(dir.resolve("host_key.pub")));
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_key"),
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "StrictModes no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "UsePAM no",
            "LogLevel VERBOSE",
            ""));
    Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
    process =
        new ProcessBuilder(
                "/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    awaitListening();
  }

  /** The catalog host for this sshd, named {@code name}. */
  public HostTarget host(String name) {
    return new HostTarget(
        name,
        HostTarget.SSH,
        "127.0.0.1:" + port,
        user,
        clientKey.toString(),
        knownHosts.toString());
  }

  /** This sshd as a host of a catalog file: {@code name: <this>}. */
  public String catalogEntry(String name) {
    return "%s: { transport: ssh, address: \"127.0.0.1:%d\", user: %s, privateKeyFile: %s, knownHostsFile: %s }"
        .formatted(name, port, user, clientKey, knownHosts);
  }

  /** A known_hosts file that pins another key for this address, as after a host was replaced. */
  public Path wrongKnownHosts() throws Exception {
    Path other = dir.resolve("impostor_key");
    if (!Files.exists(other)) {
      run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
    }
    Path file = dir.resolve("known_hosts_wrong");
    Files.writeString(file, knownHostsLine(dir.resolve("impostor_key.pub")));
    return file;
  }

  /** Logins sshd accepted so far: each is a command session. */
  public long acceptedLogins() throws IOException {
    return Files.readAllLines(log).stream().filter(l -> l.contains("Accepted publickey")).count();
  }

  private String knownHostsLine(Path publicKey) throws IOException {
    String[] key = Files.readString(publicKey).trim().split("\\s+");
    return "[127.0.0.1]:" + port + " " + key[0] + " " + key[1] + "\n";
  }

  private void awaitListening() throws Exception {
    for (int i = 0; i < 100; i++) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("sshd exited: " + Files.readString(log));
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException(
        "sshd did not listen on " + port + ": " + Files.readString(log));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
