package dev.rewind.activities.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One HTTP GET against a service's health endpoint. It never throws for an unhealthy answer: the
 * caller polls until a deadline and reports the last observation. Timeouts are short so that a hung
 * service costs one poll, not the whole wait.
 */
public final class HttpHealthProbe {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // health endpoints rarely speak h2c
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * What one probe saw: whether it was the expected answer, the status (0 when there was no answer,
   * {@code error} then says why), and a line saying what it was.
   */
  public record Observation(boolean healthy, int status, String error, String detail) {
    static Observation noAnswer(String url, String error) {
      return new Observation(false, 0, error, "GET " + url + " → " + error);
    }
  }

  public Observation probe(String url, int expectStatus) {
    int expected = expectStatus == 0 ? 200 : expectStatus;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      String body = abbreviate(response.body());
      return new Observation(
          status == expected,
          status,
          null,
          "GET %s → %d%s%s"
              .formatted(
                  url,
                  status,
                  status == expected ? "" : " (expected " + expected + ")",
                  body.isEmpty() ? "" : ": " + body));
    } catch (ConnectException e) {
      return Observation.noAnswer(url, "connection refused");
    } catch (HttpTimeoutException e) {
      return Observation.noAnswer(url, "no answer within " + REQUEST_TIMEOUT);
    } catch (IOException e) {
      return Observation.noAnswer(url, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Observation.noAnswer(url, "interrupted");
    }
  }

  private static String abbreviate(String body) {
    String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return line.length() <= 120 ? line : line.substring(0, 120) + "…";
  }
}
