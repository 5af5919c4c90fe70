package dev.rewind.workflows.codec;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Temporal server (the {@code go.temporal.io/server} binary, in-memory SQLite) whose
 * frontend speaks only mutual TLS: its certificate is signed by the test CA, and it requires a
 * client certificate signed by the same CA. The system worker inside it connects with a client
 * certificate of its own. Other services talk plaintext on loopback.
 */
final class TlsTemporalServer implements AutoCloseable {
  /** Where {@code scripts/lib.sh}'s {@code ensure_temporal_server} installs the binary. */
  static Path binary() {
    String configured = System.getenv("REWIND_TEMPORAL_SERVER_BIN");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String gopath = System.getenv("GOPATH");
    Path go = gopath == null ? Path.of(System.getProperty("user.home"), "go") : Path.of(gopath);
    return go.resolve("temporal-server-v1.29.1").resolve("server");
  }

  private final Process process;
  private final Path log;
  final int frontendPort;

  private TlsTemporalServer(Process process, Path log, int frontendPort) {
    this.process = process;
    this.log = log;
    this.frontendPort = frontendPort;
  }

  static TlsTemporalServer start(Path dir, TestCertificates ca) throws IOException {
    TestCertificates.Issued frontend = ca.server("localhost");
    TestCertificates.Issued systemWorker = ca.client("temporal-system-worker");
    int[] ports = freePorts(10);
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        config.resolve("development.yaml"), config(ports, frontend, systemWorker, ca.ca()));
    Path log = dir.resolve("temporal-server.log");
    Process process =
        new ProcessBuilder(
                binary().toString(),
                "--root",
                dir.toString(),
                "--config",
                "config",
                "--env",
                "development",
                "--allow-no-auth",
                "start")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new TlsTemporalServer(process, log, ports[0]);
  }

  String address() {
    return "127.0.0.1:" + frontendPort;
  }

  boolean alive() {
    return process.isAlive();
  }

  String logTail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private static String config(
      int[] p, TestCertificates.Issued frontend, TestCertificates.Issued worker, Path ca) {
    String sqlite =
        """
              sql:
                pluginName: sqlite
                databaseName: default
                connectAddr: localhost
                connectProtocol: tcp
                connectAttributes: {mode: memory, cache: private}
                maxConns: 1
                maxIdleConns: 1
                maxConnLifetime: 1h
        """;
    return """
        log: {stdout: true, level: warn}
        persistence:
          defaultStore: sqlite-default
          visibilityStore: sqlite-visibility
          numHistoryShards: 1
          datastores:
            sqlite-default:
        %s
            sqlite-visibility:
        %s
        global:
          membership: {maxJoinDuration: 30s, broadcastAddress: 127.0.0.1}
          metrics:
            prometheus: {framework: tally, timerType: histogram, listenAddress: "127.0.0.1:%d"}
          tls:
            frontend:
              server:
                certFile: %s
                keyFile: %s
                requireClientAuth: true
                clientCaFiles: [%s]
              client: {serverName: localhost, rootCaFiles: [%s]}
            systemWorker:
              certFile: %s
              keyFile: %s
              client: {serverName: localhost, rootCaFiles: [%s]}
        services:
          frontend:
            rpc: {grpcPort: %d, membershipPort: %d, httpPort: %d, bindOnLocalHost: true}
          history:
            rpc: {grpcPort: %d, membershipPort: %d, bindOnLocalHost: true}
          matching:
            rpc: {grpcPort: %d, membershipPort: %d, bindOnLocalHost: true}
          worker:
            rpc: {grpcPort: %d, membershipPort: %d, bindOnLocalHost: true}
        clusterMetadata:
          enableGlobalNamespace: false
          failoverVersionIncrement: 10
          masterClusterName: active
          currentClusterName: active
          clusterInformation:
            active:
              enabled: true
              initialFailoverVersion: 1
              rpcName: frontend
              rpcAddress: "localhost:%d"
              httpAddress: "localhost:%d"
        dcRedirectionPolicy: {policy: noop}
        """
        .formatted(
            sqlite.stripTrailing(),
            sqlite.stripTrailing(),
            p[9],
            frontend.cert(),
            frontend.key(),
            ca,
            ca,
            worker.cert(),
            worker.key(),
            ca,
            p[0],
            p[1],
            p[2],
            p[3],
            p[4],
            p[5],
            p[6],
            p[7],
            p[8],
            p[0],
            p[2]);
  }
}
