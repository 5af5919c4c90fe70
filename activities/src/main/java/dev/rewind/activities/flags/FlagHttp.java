package dev.rewind.activities.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.activities.Failures;
import dev.rewind.workflows.flags.FlagFailures;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The HTTP calls of the Unleash and http providers, and how their answers fail: no answer, 429 and
 * 5xx are retried; 404 is a missing flag; any other 4xx a refusal. The authorization header's value
 * (a token read from the worker's environment) never appears in a message.
 */
final class FlagHttp {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final String authorization;

  /** {@code authorization}: the header's whole value, or null to send none. */
  FlagHttp(String authorization) {
    this.authorization = authorization;
  }

  /** GET {@code url}, its JSON answer; {@code flag} names the flag for a 404. */
  JsonNode get(String url, String flag) {
    return send("GET", url, null, flag);
  }

  /** {@code method} {@code url} with a JSON body (or none), the answer (null when empty). */
  JsonNode send(String method, String url, JsonNode body, String flag) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response = exchange(request.build(), method + " " + url);
    int status = response.statusCode();
    String seen = method + " " + url + " → " + status + abbreviate(response.body());
    if (status == 404) {
      throw Failures.permanent(FlagFailures.FLAG_NOT_FOUND, "no flag " + flag + ": " + seen);
    }
    if (status == 429 || status >= 500) {
      throw ApplicationFailure.newFailure(seen, "FlagProviderUnavailable");
    }
    if (status >= 300) {
      throw Failures.permanent(FlagFailures.PROVIDER_REJECTED, seen);
    }
    return parse(response.body(), seen);
  }

  private HttpResponse<String> exchange(HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw unreachable(what, "connection refused");
    } catch (HttpTimeoutException e) {
      throw unreachable(what, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      throw unreachable(what, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(what, "interrupted");
    }
  }

  private static ApplicationFailure unreachable(String what, String why) {
    return ApplicationFailure.newFailure(
        "flag provider unreachable: " + what + " → " + why, "FlagProviderUnreachable");
  }

  private static JsonNode parse(String body, String seen) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw Failures.permanent(FlagFailures.PROVIDER_REJECTED, "not JSON: " + seen);
    }
  }

  private static String abbreviate(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String line = body.strip().replaceAll("\\s+", " ");
    return ": " + (line.length() <= 200 ? line : line.substring(0, 200) + "…");
  }
}
