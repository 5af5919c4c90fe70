package dev.rewind.activities.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.rewind.activities.TestActivities;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.core.Incident;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declaring a P0 incident to the escalation webhooks of the worker's catalog (a local HTTP server
 * here).
 */
class NotifyActivitiesImplTest {
  private final List<String> received = new CopyOnWriteArrayList<>();
  private TestActivityEnvironment env;
  private NotifyActivities notify;
  private HttpServer hooks;
  private Catalog catalog;

  @BeforeEach
  void setUp(@TempDir Path dir) throws IOException {
    hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hooks.createContext("/rewind", exchange -> answer(exchange, 204));
    hooks.createContext("/broken", exchange -> answer(exchange, 503));
    hooks.start();
    catalog =
        TestCatalogs.write(
            dir,
            """
            hosts:
              local: { transport: agent }
            services:
              billing-api:
                production:
                  hosts: [local]
                  escalation: { notify: ["%s"] }
                staging:
                  hosts: [local]
                  escalation: { notify: ["%s", "%s"] }
                dev:
                  hosts: [local]
            """
                .formatted(hook("/rewind"), hook("/rewind"), hook("/broken")));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new NotifyActivitiesImpl(new CatalogTargets(catalog)));
    notify = TestActivities.once(env, NotifyActivities.class, Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    env.close();
    hooks.stop(0);
  }

  @Test
  void webhookReceivesTheIncidentAsJson() throws IOException {
    notify.declareIncident(target("production"), incident());

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
    Incident incident = incident();
    Target staging = target("staging");

    ActivityFailure failure =
        assertThrows(ActivityFailure.class, () -> notify.declareIncident(staging, incident));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals(NotifyActivitiesImpl.NOTIFICATION_FAILED, cause.getType());
    assertFalse(cause.isNonRetryable());
    assertEquals(1, received.size());
    assertEquals(List.of(hook("/rewind")), List.of(heartbeats.get(heartbeats.size() - 1)));

    env.setHeartbeatDetails(new String[] {hook("/rewind")}); // what the retry is given
    assertThrows(ActivityFailure.class, () -> notify.declareIncident(staging, incident));
    assertEquals(1, received.size(), "the webhook already reached is not posted twice");
  }

  @Test
  void anEnvironmentWithoutEscalationTargetsIsOnlyLogged() {
    notify.declareIncident(target("dev"), incident());

    assertTrue(received.isEmpty());
  }

  @Test
  void aServiceTheCatalogDoesNotKnowPagesNobody() {
    Target unknown = new Target("payroll", "production", "local", "agent", "x");

    ActivityFailure failure =
        assertThrows(ActivityFailure.class, () -> notify.declareIncident(unknown, incident()));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals(FailureTypes.NOT_IN_CATALOG, cause.getType());
    assertTrue(received.isEmpty());
  }

  private Target target(String environment) {
    return TestCatalogs.target(catalog, "billing-api", environment, "local");
  }

  private String hook(String path) {
    return "http://127.0.0.1:" + hooks.getAddress().getPort() + path;
  }

  private static Incident incident() {
    return new Incident(
        "rollback-production-billing-api-20260101000000-ab12",
        "ROLLBACK FAILED: container-revert billing-api",
        2,
        "Unhealthy: app exited",
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
