package dev.rewind.worker.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Per-host health URLs for test hosts that all live on this machine: {@code /<host>/health} is
 * passed to that host's app, as a load balancer's per-backend check would be. The catalog names it
 * {@code http://127.0.0.1:<port>/{host}/health}.
 */
final class HostRouter implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  public HostRouter(DemoHosts hosts) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String[] parts = exchange.getRequestURI().getPath().split("/", 3);
          int status = 502;
          byte[] body = new byte[0];
          try {
            HttpResponse<byte[]> answer =
                http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + hosts.port(parts[1]) + "/" + parts[2]))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            status = answer.statusCode();
            body = answer.body();
          } catch (Exception e) {
            body = e.toString().getBytes();
          }
          exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  public String healthUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/{host}/health";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
