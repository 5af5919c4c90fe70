package dev.rewind.activities.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * The real Unleash server scripts/test starts ({@code REWIND_UNLEASH_URL}, admin token {@code
 * REWIND_UNLEASH_TOKEN}), driven through its Admin API the way an operator (or a test playing
 * "someone else") would: create a flag, switch it, read it.
 */
public final class UnleashAdmin {
  public static final String ENVIRONMENT = "production";

  public final String url;
  public final String token;
  private final HttpClient http = HttpClient.newHttpClient();

  public UnleashAdmin() {
    url = System.getenv("REWIND_UNLEASH_URL");
    token = System.getenv("REWIND_UNLEASH_TOKEN");
    assertNotNull(
        url,
        "REWIND_UNLEASH_URL is not set: run through scripts/test, which installs and starts"
            + " Unleash (scripts/lib.sh start_unleash)");
    assertNotNull(token, "REWIND_UNLEASH_TOKEN is not set: run through scripts/test");
  }

  /** A new release flag of a name of its own, {@code enabled} in {@link #ENVIRONMENT}. */
  public String newFlag(String prefix, boolean enabled) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    call("POST", "", "{\"name\": \"" + name + "\", \"type\": \"release\"}");
    switchFlag(name, enabled);
    return name;
  }

  public void switchFlag(String name, boolean enabled) {
    call("POST", "/" + name + "/environments/" + ENVIRONMENT + (enabled ? "/on" : "/off"), null);
  }

  public boolean enabled(String name) {
    String body = call("GET", "/" + name + "/environments/" + ENVIRONMENT, null);
    return body.contains("\"enabled\":true");
  }

  private String call(String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + "/api/admin/projects/default/features" + path))
            .header("Authorization", token)
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(
          200, response.statusCode() / 100 * 100, method + " " + path + ": " + response.body());
      return response.body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("Unleash at " + url + " did not answer", e);
    }
  }
}
