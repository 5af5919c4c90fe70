package dev.rewind.activities.host;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo service on test "hosts": per host a directory with a git checkout ({@code app/}, commit
 * v1 healthy, then a bad commit v2 that is not) and a small Python HTTP app serving the version it
 * read from the checkout when it started, so only a restart shows a reverted checkout. The catalog
 * restarts it with {@code bin/app stop|start <host dir>}. A {@code SICK} file in the host directory
 * makes its health answer 500 whatever the code.
 */
public final class DemoHosts implements AutoCloseable {
  private static final String APP_PY =
      """
      import http.server, os, sys
      home, port = sys.argv[1], int(sys.argv[2])
      app = os.path.join(home, 'app')
      version = open(os.path.join(app, 'VERSION')).read().strip()
      healthy = os.path.exists(os.path.join(app, 'HEALTHY'))
      with open(os.path.join(home, 'starts'), 'a') as f:
          f.write(version + '\\n')
      class Handler(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              if os.path.exists(os.path.join(home, 'MAINTENANCE')):
                  status = 503
              elif self.path == '/health':
                  sick = os.path.exists(os.path.join(home, 'SICK'))
                  status = 200 if healthy and not sick else 500
              else:
                  status = 200
              body = version.encode()
              self.send_response(status)
              self.send_header('Content-Length', str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      http.server.HTTPServer(('127.0.0.1', port), Handler).serve_forever()
      """;

  private static final String APP_SH =
      """
      #!/bin/sh
      # app start|stop <host dir>: the demo service of one test host
      h=$2
      case $1 in
        start)
          if [ -f "$h/app.pid" ] && kill -0 "$(cat "$h/app.pid")" 2>/dev/null; then exit 0; fi
          nohup %s "$(dirname "$0")/app.py" "$h" "$(cat "$h/port")" >>"$h/app.log" 2>&1 </dev/null &
          echo $! >"$h/app.pid"
          echo "started $(cat "$h/port")" ;;
        stop)
          if [ -f "$h/app.pid" ]; then
            pid=$(cat "$h/app.pid")
            kill "$pid" 2>/dev/null
            # gone, or a zombie nobody has reaped yet (its port is free either way)
            while kill -0 "$pid" 2>/dev/null && [ "$(cut -d' ' -f3 /proc/$pid/stat)" != Z ]; do
              sleep 0.05
            done
            rm -f "$h/app.pid"
          fi
          echo stopped ;;
        *) echo "usage: app start|stop <host dir>" >&2; exit 2 ;;
      esac
      """;

  private static final String COMMIT_DATE = "2026-11-26T08:00:00Z";

  public final Path root;
  private final List<String> hosts = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  public DemoHosts() throws IOException {
    root = Files.createTempDirectory("rewind-hosts-");
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.writeString(bin.resolve("app.py"), APP_PY);
    Path app = bin.resolve("app");
    Files.writeString(app, APP_SH.formatted(python()));
    Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  public List<String> stop() {
    return List.of(root.resolve("bin/app").toString(), "stop", root + "/hosts/{host}");
  }

  public List<String> start() {
    return List.of(root.resolve("bin/app").toString(), "start", root + "/hosts/{host}");
  }

  public String gitDir() {
    return root + "/hosts/{host}/app";
  }

  public Path home(String host) {
    return root.resolve("hosts").resolve(host);
  }

  /** Creates the host with v1 (healthy, tagged v1) then the bad v2 deployed and running. */
  public void deployBadVersion(String host) throws Exception {
    Path app = Files.createDirectories(home(host).resolve("app"));
    Files.writeString(home(host).resolve("port"), String.valueOf(Sshd.freePort()));
    git(host, "init", "-q", "-b", "main");
    Files.writeString(app.resolve("VERSION"), "v1\n");
    Files.writeString(app.resolve("HEALTHY"), "");
    git(host, "add", ".");
    commit(host, "v1: known good");
    git(host, "tag", "v1");
    Files.writeString(app.resolve("VERSION"), "v2\n");
    git(host, "rm", "-q", "HEALTHY");
    git(host, "add", "-A");
    commit(host, "v2: new checkout flow");
    run(start().get(0), "start", home(host).toString());
    hosts.add(host);
    awaitVersion(host, "v2");
  }

  public int port(String host) throws IOException {
    return Integer.parseInt(Files.readString(home(host).resolve("port")).strip());
  }

  /** The version the host's app serves right now. */
  public String servedVersion(String host) throws Exception {
    return get(host, "/version").body();
  }

  public int healthStatus(String host) throws Exception {
    return get(host, "/health").statusCode();
  }

  public long starts(String host) throws IOException {
    Path starts = home(host).resolve("starts");
    return Files.exists(starts) ? Files.readAllLines(starts).size() : 0;
  }

  public String git(String host, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("git", "-C", home(host).resolve("app").toString()));
    argv.addAll(List.of(args));
    return run(argv.toArray(String[]::new));
  }

  /** Everything that says where a checkout stands: HEAD, branch, status, files, refs. */
  public String state(String host) throws Exception {
    return String.join(
        "\n",
        git(host, "rev-parse", "HEAD"),
        git(host, "symbolic-ref", "-q", "HEAD"),
        git(host, "status", "--porcelain", "--untracked-files=all"),
        git(host, "ls-files", "-s"),
        Files.readString(home(host).resolve("app/VERSION")),
        git(host, "for-each-ref"));
  }

  /**
   * Commits as the pipeline's deployer at a fixed date, so that every host's checkout holds the
   * same commits, as when one repository is deployed everywhere: one known-good sha for all.
   */
  private void commit(String host, String message) throws Exception {
    List<String> argv = new ArrayList<>(List.of("git", "-C", home(host).resolve("app").toString()));
    argv.addAll(
        List.of("-c", "user.name=Deployer", "-c", "user.email=deploy@example", "commit", "-qm"));
    argv.add(message);
    ProcessBuilder commit = new ProcessBuilder(argv).redirectErrorStream(true);
    commit.environment().put("GIT_AUTHOR_DATE", COMMIT_DATE);
    commit.environment().put("GIT_COMMITTER_DATE", COMMIT_DATE);
    Process p = commit.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("git commit on " + host + " failed: " + out);
    }
  }

  private HttpResponse<String> get(String host, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(host) + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitVersion(String host, String version) throws Exception {
    for (int i = 0; i < 100; i++) {
      try {
        if (version.equals(servedVersion(host))) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(host + " never served " + version);
  }

  private static String python() {
    for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "python3";
  }

  static String run(String... command) throws Exception {
    return run(Map.of(), command);
  }

  private static String run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out.strip();
  }

  @Override
  public void close() throws Exception {
    for (String host : hosts) {
      run(stop().get(0), "stop", home(host).toString());
    }
  }
}
