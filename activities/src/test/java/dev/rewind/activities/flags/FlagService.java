package dev.rewind.activities.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small real JSON flag API on loopback, as a team might run one: {@code GET /flags/<name>}
 * answers {@code {"name": ..., "state": {"enabled": ..., "variant": ...}}}, {@code PUT
 * /flags/<name>} merges the body's {@code state} in. Every call needs {@code Bearer <token>}.
 */
final class FlagService implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, ObjectNode> flags = new ConcurrentHashMap<>();
  final List<String> paths = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final String token;

  FlagService(String token) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/flags/", this::serve);
    server.start();
  }

  void put(String name, boolean enabled, String variant) {
    ObjectNode state = JSON.createObjectNode().put("enabled", enabled).put("variant", variant);
    ObjectNode flag = JSON.createObjectNode().put("name", name);
    flag.set("state", state);
    flags.put(name, flag);
  }

  JsonNode state(String name) {
    return flags.get(name).get("state");
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void serve(HttpExchange exchange) throws IOException {
    paths.add(exchange.getRequestURI().getRawPath());
    String raw = exchange.getRequestURI().getRawPath().substring("/flags/".length());
    String name = URLDecoder.decode(raw, StandardCharsets.UTF_8);
    if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      answer(exchange, 401, "{\"error\": \"unauthorized\"}");
      return;
    }
    ObjectNode flag = flags.get(name);
    if (flag == null) {
      answer(exchange, 404, "{\"error\": \"no such flag\"}");
      return;
    }
    if (exchange.getRequestMethod().equals("PUT")) {
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      ((ObjectNode) flag.get("state")).setAll((ObjectNode) body.get("state"));
    }
    answer(exchange, 200, flag.toString());
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
