package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The REST API under {@code /api/v1}, with the caller's bearer token. A 4xx answer becomes a {@link
 * CliFailure} with {@link ExitCodes#REFUSED} and the problem's detail; no answer or a 5xx, one with
 * {@link ExitCodes#UNREACHABLE}.
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final ClientConfig config;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ApiClient(ClientConfig config) {
    this.config = config;
  }

  JsonNode get(String path) {
    return json(send(request(path).GET().build()));
  }

  String getText(String path) {
    return send(request(path).GET().build()).body();
  }

  JsonNode post(String path, Object body) {
    return post(path, body, Map.of());
  }

  JsonNode post(String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder builder =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(write(body)));
    headers.forEach(builder::header);
    return json(send(builder.build()));
  }

  JsonNode delete(String path) {
    return json(send(request(path).DELETE().build()));
  }

  /** {@code value} as one URL query parameter value. */
  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(config.url() + "/api/v1" + path))
        .timeout(Duration.ofSeconds(75))
        .header("Accept", "application/json, application/problem+json, text/markdown")
        .header("Authorization", "Bearer " + config.token());
  }

  private HttpResponse<String> send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.UNREACHABLE,
          "rewind-api at " + config.url() + " did not answer: " + describe(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCodes.UNREACHABLE, "interrupted", e);
    }
    int status = response.statusCode();
    if (status >= 400 && status < 500) {
      throw new CliFailure(ExitCodes.REFUSED, Problems.describe(status, response.body()));
    }
    if (status >= 500) {
      throw new CliFailure(ExitCodes.UNREACHABLE, Problems.describe(status, response.body()));
    }
    return response;
  }

  private static String describe(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "timed out";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CliFailure(
          ExitCodes.UNREACHABLE, "rewind-api answered something that is not JSON: " + e);
    }
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
