package dev.rewind.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A loopback HTTP server answering the CLI with canned answers in order, recording each request:
 * enough to test the CLI's side of the contract (what it sends, how it reads answers and maps them
 * to exit codes). The real api is exercised by the end-to-end test in the worker module.
 */
final class FakeApi implements AutoCloseable {
  record Answer(int status, String contentType, String body) {}

  record Request(String method, String path, String authorization, String body) {}

  final List<Request> requests = new ArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final HttpServer server;

  FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Answer answer;
          synchronized (this) {
            requests.add(
                new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            answer = answers.size() > 1 ? answers.poll() : answers.peek();
          }
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", answer.contentType());
          exchange.sendResponseHeaders(answer.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  /** Queues an answer; the last one queued is repeated. */
  synchronized FakeApi answer(int status, String json) {
    answers.add(
        new Answer(status, status >= 400 ? "application/problem+json" : "application/json", json));
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
