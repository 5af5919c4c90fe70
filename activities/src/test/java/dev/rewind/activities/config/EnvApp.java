package dev.rewind.activities.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small service configured by an env file, read only when it starts (so only a restart shows a
 * restored file): its {@code /health} answers 200 while {@code MODE} starts with {@code stable},
 * 500 otherwise, and it appends each start's {@code MODE} to {@code starts}. {@code app.sh
 * start|stop} runs it.
 */
public final class EnvApp implements AutoCloseable {
  private static final String APP_PY =
      """
      import http.server, os, sys
      home, port = sys.argv[1], int(sys.argv[2])
      values = {}
      for line in open(os.path.join(home, 'app.env')).read().splitlines():
          if '=' in line and not line.startswith('#'):
              key, value = line.split('=', 1)
              values[key.strip()] = value.strip()
      with open(os.path.join(home, 'starts'), 'a') as f:
          f.write(values.get('MODE', '?') + '\\n')
      class Handler(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              status = 200 if values.get('MODE', '').startswith('stable') else 500
              self.send_response(status)
              self.send_header('Content-Length', '0')
              self.end_headers()
          def log_message(self, *args):
              pass
      http.server.HTTPServer(('127.0.0.1', port), Handler).serve_forever()
      """;

  private static final String APP_SH =
      """
      #!/bin/sh
      h=$(dirname "$0")
      case $1 in
        start)
          if [ -f "$h/app.pid" ] && kill -0 "$(cat "$h/app.pid")" 2>/dev/null; then exit 0; fi
          nohup python3 "$h/app.py" "$h" "$(cat "$h/port")" >>"$h/app.log" 2>&1 </dev/null &
          echo $! > "$h/app.pid"
          i=0
          while [ $i -lt 100 ]; do
            python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 0.2)" "$(cat "$h/port")" 2>/dev/null && exit 0
            i=$((i+1)); sleep 0.05
          done
          exit 1 ;;
        stop)
          if [ -f "$h/app.pid" ]; then kill "$(cat "$h/app.pid")" 2>/dev/null; rm -f "$h/app.pid"; fi
          sleep 0.2 ;;
      esac
      """;

  public final Path home;
  public final Path envFile;
  public final int port;

  public EnvApp(Path home, String env) throws IOException {
    this.home = home;
    this.envFile = home.resolve("app.env");
    this.port = Nginx.freePort();
    Files.createDirectories(home);
    Files.writeString(home.resolve("app.py"), APP_PY);
    Files.writeString(home.resolve("app.sh"), APP_SH);
    Files.writeString(home.resolve("port"), Integer.toString(port));
    Files.writeString(envFile, env);
  }

  public List<String> start() {
    return List.of("sh", home.resolve("app.sh").toString(), "start");
  }

  public List<String> stop() {
    return List.of("sh", home.resolve("app.sh").toString(), "stop");
  }

  public String healthUrl() {
    return "http://127.0.0.1:" + port + "/health";
  }

  public int status() {
    return Nginx.statusOf(healthUrl());
  }

  public List<String> starts() throws IOException {
    Path starts = home.resolve("starts");
    return Files.exists(starts) ? Files.readAllLines(starts) : List.of();
  }

  @Override
  public void close() throws Exception {
    Nginx.run(stop());
  }
}
