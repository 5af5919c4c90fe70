package dev.rewind.activities.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rewind.workflows.Incident;
import dev.rewind.workflows.NotifyActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Declaring a P0 incident to webhooks (a local HTTP server here) and to people by log. */
class NotifyActivitiesImplTest {
  private final List<String> received = new CopyOnWriteArrayList<>();
  private TestActivityEnvironment env;
  private NotifyActivities notify;
  private HttpServer hooks;

  @BeforeEach
  void setUp() throws IOException {
    hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hooks.createContext("/rewind", exchange -> answer(exchange, 204));
    hooks.createContext("/broken", exchange -> answer(exchange, 503));
    hooks.start();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new NotifyActivitiesImpl());
    notify =
        env.newActivityStub(
            NotifyActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    hooks.stop(0);
  }

  @Test
  void webhookReceivesTheIncidentAsJson() throws IOException {
    notify.declareIncident(incident(List.of(hook("/rewind"), "oncall@example.com")));

    assertEquals(1, received.size());
    JsonNode json = new ObjectMapper().readTree(received.get(0));
    assertEquals(
        "rollback-production-billing-api-20260101000000-ab12", json.get("rollbackId").asText());
    assertEquals("ROLLBACK FAILED: container-revert billing-api", json.get("summary").asText());
    assertEquals(2, json.get("attempts").asInt());
    assertEquals("Unhealthy: app exited", json.get("lastFailure").asText());
    assertEquals(1, json.get("notification").asInt());
  }

  @Test
  void unreachableWebhookIsRetriedWithoutPagingTheOthersAgain() {
    List<String[]> heartbeats = new CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(String[].class, heartbeats::add);
    Incident incident = incident(List.of(hook("/rewind"), hook("/broken")));

    ActivityFailure failure =
        assertThrows(ActivityFailure.class, () -> notify.declareIncident(incident));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals(NotifyActivitiesImpl.NOTIFICATION_FAILED, cause.getType());
    assertFalse(cause.isNonRetryable());
    assertEquals(1, received.size());
    assertEquals(List.of(hook("/rewind")), List.of(heartbeats.get(heartbeats.size() - 1)));

    env.setHeartbeatDetails(new String[] {hook("/rewind")}); // what the retry is given
    assertThrows(ActivityFailure.class, () -> notify.declareIncident(incident));
    assertEquals(1, received.size(), "the webhook already reached is not posted twice");
  }

  @Test
  void contactsWithoutAWebhookAreOnlyLogged() {
    notify.declareIncident(incident(List.of("oncall@example.com", "@sre-team")));
    notify.declareIncident(incident(List.of()));

    assertTrue(received.isEmpty());
  }

  private String hook(String path) {
    return "http://127.0.0.1:" + hooks.getAddress().getPort() + path;
  }

  private static Incident incident(List<String> contacts) {
    return new Incident(
        "rollback-production-billing-api-20260101000000-ab12",
        "ROLLBACK FAILED: container-revert billing-api",
        2,
        "Unhealthy: app exited",
        contacts,
        1);
  }

  private void answer(com.sun.net.httpserver.HttpExchange exchange, int status) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes());
    if (status / 100 == 2) {
      received.add(body);
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }
}
