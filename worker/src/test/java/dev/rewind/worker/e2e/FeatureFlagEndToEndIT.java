package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code feature-flag} with real processes and the real Unleash server scripts/test starts: the
 * pipeline records v1 (flag off) and v2 (flag on), a dry run checks Unleash answers and the flag
 * exists, and a rollback without {@code flags} switches the flag off again in the catalog's
 * environment, as Unleash itself answers afterwards. The admin token is given to the worker only,
 * and the stack's scan finds it in no history and no answer.
 */
@Tag("infra")
class FeatureFlagEndToEndIT {
  private static final Duration ROLLBACK_WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper json = new ObjectMapper();
  private static final String SERVICE = "e2e-shop";
  private static final String UNLEASH_ENV = "production";
  private static final HttpClient http = HttpClient.newHttpClient();
  private static String unleashUrl;
  private static String unleashToken;
  private static DevStack stack;

  @BeforeAll
  static void startRewind() throws Exception {
    unleashUrl = System.getenv("REWIND_UNLEASH_URL");
    unleashToken = System.getenv("REWIND_UNLEASH_TOKEN");
    assertNotNull(unleashUrl, "REWIND_UNLEASH_URL is not set: run through scripts/test");
    assertNotNull(unleashToken, "REWIND_UNLEASH_TOKEN is not set: run through scripts/test");
    stack = new DevStack();
    stack.secrets.add("the Unleash admin token", unleashToken);
    Files.writeString(
        stack.catalog,
        """
        hosts:
          local: { transport: agent }
        services:
          %s:
            e2e:
              hosts: [local]
              flags: { provider: unleash, url: "%s", environment: %s,
                       tokenEnv: UNLEASH_ADMIN_TOKEN }
              escalation: { notify: [] }
        """
            .formatted(SERVICE, unleashUrl, UNLEASH_ENV));
    stack.startTemporal();
    stack.startWorker("worker.log", "control,agent", "local", tokenEnvironment());
    stack.startApi(stack.catalog);
  }

  private static Map<String, String> tokenEnvironment() {
    return new java.util.HashMap<>(Map.of("UNLEASH_ADMIN_TOKEN", unleashToken));
  }

  @AfterAll
  static void stopRewind() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theFlagsRecordedWithTheKnownGoodVersionAreBackInUnleash() throws Exception {
    String flag = "new-checkout-" + UUID.randomUUID().toString().substring(0, 8);
    unleash("POST", "", "{\"name\": \"" + flag + "\", \"type\": \"release\"}");
    unleash("POST", "/" + flag + "/environments/" + UNLEASH_ENV + "/on", null);
    deploy("v1", flag, false);
    deploy("v2", flag, true);

    JsonNode dryRun =
        json.readTree(
            stack
                .post(
                    "/api/v1/rollbacks",
                    """
                    {"service": "%s", "environment": "e2e", "strategy": "feature-flag",
                     "dryRun": true, "reason": "what if"}
                    """
                        .formatted(SERVICE))
                .body());
    assertEquals("flags", dryRun.at("/preconditions/1/field").asText(), dryRun.toPrettyString());
    assertTrue(dryRun.at("/preconditions/1/holds").asBoolean(), dryRun.toPrettyString());
    assertTrue(
        dryRun.at("/preconditions/1/detail").asText().contains(flag + "=true"),
        dryRun.toPrettyString());

    HttpResponse<String> accepted =
        stack.post(
            "/api/v1/rollbacks",
            """
            {"service": "%s", "environment": "e2e", "strategy": "feature-flag",
             "reason": "v2's new checkout double-charges"}
            """
                .formatted(SERVICE));
    assertEquals(202, accepted.statusCode(), accepted.body());
    String id = json.readTree(accepted.body()).path("id").asText();
    JsonNode end =
        stack.awaitRollback(
            id,
            ROLLBACK_WAIT,
            r -> r.path("status").asText().matches("SUCCEEDED|FAILED|ESCALATED"));

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    assertTrue(
        unleash("GET", "/" + flag + "/environments/" + UNLEASH_ENV, null)
            .contains("\"enabled\":false"),
        "Unleash answers the flag is off");
    JsonNode current =
        json.readTree(
                stack
                    .get("/api/v1/services/" + SERVICE + "/environments/e2e/deployments?limit=1")
                    .body())
            .get(0);
    assertEquals("v1", current.path("version").asText(), current.toPrettyString());
    assertEquals(false, current.at("/flags/" + flag).asBoolean(true), current.toPrettyString());
  }

  private static void deploy(String version, String flag, boolean enabled) throws Exception {
    HttpResponse<String> recorded =
        stack.post(
            "/api/v1/deployments",
            """
            {"service": "%s", "environment": "e2e", "version": "%s", "flags": {"%s": %s}}
            """
                .formatted(SERVICE, version, flag, enabled));
    assertEquals(201, recorded.statusCode(), recorded.body());
  }

  /** Unleash's Admin API, as an operator (or the release) switches flags. */
  private static String unleash(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(unleashUrl + "/api/admin/projects/default/features" + path))
            .header("Authorization", unleashToken)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(2, response.statusCode() / 100, method + " " + path + ": " + response.body());
    return response.body();
  }
}
