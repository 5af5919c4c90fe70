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
 * The health URL the catalog gives Rewind, in front of the container's own: it answers 503 while
 * closed, so a test can hold a rollback in its health wait, then passes the container's answer
 * through once opened.
 */
final class HealthGate implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile boolean open;

  HealthGate(String upstream) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          int status = 503;
          byte[] body = "held by the test".getBytes();
          if (open) {
            try {
              HttpResponse<byte[]> answer =
                  http.send(
                      HttpRequest.newBuilder(URI.create(upstream)).build(),
                      HttpResponse.BodyHandlers.ofByteArray());
              status = answer.statusCode();
              body = answer.body();
            } catch (IOException | InterruptedException e) {
              status = 502;
              body = e.toString().getBytes();
            }
          }
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }

  void open() {
    open = true;
  }

  void hold() {
    open = false;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
