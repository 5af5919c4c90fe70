package dev.rewind.activities.config;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx of the test's own (Debian's {@code /usr/sbin/nginx}): every path under {@code dir},
 * its own pid file, listening on a free loopback port; never the system's instance. Its {@code
 * /health} answers what the configuration in place says: {@link #good} 200, {@link #broken} 502
 * (proxied to a port nothing listens on), {@link #invalid} does not pass {@code nginx -t}.
 */
public final class Nginx implements AutoCloseable {
  public final Path dir;
  public final Path conf;
  public final int port;
  private final int deadPort;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public Nginx(Path dir) throws IOException {
    this.dir = dir;
    this.conf = dir.resolve("nginx.conf");
    this.port = freePort();
    this.deadPort = freePort();
    Files.createDirectories(dir.resolve("tmp"));
  }

  public String good() {
    return config("location /health { return 200 \"ok\\n\"; }");
  }

  public String broken() {
    return config("location /health { proxy_pass http://127.0.0.1:" + deadPort + "; }");
  }

  public String invalid() {
    return config("location /health { retrun 200; }");
  }

  /** A configuration serving whatever {@code enabled/*.conf} holds: the maintenance switch. */
  public String withSites() {
    return config("include " + dir + "/enabled/*.conf;");
  }

  public String liveSite(boolean healthy) {
    return healthy
        ? "location /health { return 200 \"ok\\n\"; }\n"
        : "location /health { proxy_pass http://127.0.0.1:" + deadPort + "; }\n";
  }

  /** {@code sites/live.conf} and {@code sites/maintenance.conf}, the live one enabled. */
  public void writeSites(String live) throws IOException {
    Files.createDirectories(dir.resolve("sites"));
    Files.createDirectories(dir.resolve("enabled"));
    Files.writeString(dir.resolve("sites/live.conf"), live);
    Files.writeString(dir.resolve("sites/maintenance.conf"), "location / { return 503; }\n");
    Files.createSymbolicLink(dir.resolve("enabled/site.conf"), Path.of("../sites/live.conf"));
  }

  private String config(String location) {
    String d = dir.toString();
    return """
        pid %1$s/nginx.pid;
        error_log %1$s/error.log;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path %1$s/tmp/body;
          proxy_temp_path %1$s/tmp/proxy;
          fastcgi_temp_path %1$s/tmp/fastcgi;
          uwsgi_temp_path %1$s/tmp/uwsgi;
          scgi_temp_path %1$s/tmp/scgi;
          server {
            listen 127.0.0.1:%2$d;
            %3$s
          }
        }
        """
        .formatted(d, port, location);
  }

  /** The argv the catalog declares: {@code nginx -t} and {@code nginx -s reload} on this one. */
  public List<String> validate() {
    return command("-t");
  }

  public List<String> reload() {
    return command("-s", "reload");
  }

  private List<String> command(String... action) {
    List<String> argv = new ArrayList<>(List.of("/usr/sbin/nginx"));
    argv.addAll(List.of(action));
    argv.addAll(
        List.of("-p", dir + "/", "-e", dir.resolve("error.log").toString(), "-c", conf.toString()));
    return argv;
  }

  public void start() throws Exception {
    run(command());
    for (int i = 0; i < 100; i++) {
      if (status() > 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("nginx did not answer on " + port);
  }

  /** The status of {@code GET /health}, 0 when nothing answers. */
  public int status() {
    return statusOf(healthUrl());
  }

  /** The status {@code GET url} answers, 0 when nothing answers. */
  public static int statusOf(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** Waits up to five seconds for {@code GET /health} to answer {@code expected}. */
  public int awaitStatus(int expected) throws InterruptedException {
    int last = 0;
    for (int i = 0; i < 100; i++) {
      last = status();
      if (last == expected) {
        return last;
      }
      Thread.sleep(50);
    }
    return last;
  }

  public String healthUrl() {
    return "http://127.0.0.1:" + port + "/health";
  }

  @Override
  public void close() throws Exception {
    Path pid = dir.resolve("nginx.pid");
    if (Files.exists(pid)) {
      run(List.of("kill", "-QUIT", Files.readString(pid).strip()));
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}
