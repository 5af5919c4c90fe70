package dev.rewind.activities.health;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A service's health URL that always answers 200, for tests whose subject is not the service. */
public final class HealthyEndpoint implements AutoCloseable {
  private final HttpServer server;

  public HealthyEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  /** {@code http://127.0.0.1:<port>/health}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
