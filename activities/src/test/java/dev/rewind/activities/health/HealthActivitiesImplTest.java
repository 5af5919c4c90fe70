package dev.rewind.activities.health;

import static dev.rewind.activities.TestActivities.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.activities.TestActivities;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HealthProbe;
import dev.rewind.workflows.core.HealthActivities;
import io.temporal.testing.TestActivityEnvironment;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog's health URL of a host, checked over real HTTP (a local server per host path). */
class HealthActivitiesImplTest {
  private HttpServer server;
  private Catalog catalog;
  private TestActivityEnvironment env;
  private HealthActivities health;

  @BeforeEach
  void setUp(@TempDir Path dir) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/up/health", exchange -> answer(exchange, 200));
    server.createContext("/sick/health", exchange -> answer(exchange, 500));
    server.start();
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    catalog =
        TestCatalogs.write(
            dir,
            """
            hosts:
              up: { transport: agent }
              sick: { transport: agent }
            services:
              shop:
                test:
                  hosts: [up, sick]
                  health: { url: "http://127.0.0.1:%d/{host}/health" }
                gone:
                  hosts: [up]
                  health: { url: "http://127.0.0.1:%d/health" }
                none:
                  hosts: [up]
            """
                .formatted(server.getAddress().getPort(), closed));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new HealthActivitiesImpl(new CatalogTargets(catalog)));
    health = TestActivities.once(env, HealthActivities.class, Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    env.close();
    server.stop(0);
  }

  @Test
  void aProbeReportsTheAnswerOfTheHostsOwnUrl() {
    HealthProbe up = health.probe(TestCatalogs.target(catalog, "shop", "test", "up"), 200);
    HealthProbe sick = health.probe(TestCatalogs.target(catalog, "shop", "test", "sick"), 200);

    assertEquals(200, up.status());
    assertTrue(up.healthy());
    assertEquals("up", up.host());
    assertEquals(500, sick.status());
    assertFalse(sick.healthy());
  }

  @Test
  void aProbeWithoutAnswerIsStatusZeroWithWhyNotAFailure() {
    HealthProbe gone = health.probe(TestCatalogs.target(catalog, "shop", "gone", "up"), 200);

    assertEquals(0, gone.status());
    assertFalse(gone.healthy());
    assertNotNull(gone.error());
    assertTrue(gone.describe().contains("connection refused"), gone.describe());
  }

  @Test
  void anEnvironmentWithoutHealthUrlIsNotInCatalog() {
    assertEquals(
        FailureTypes.NOT_IN_CATALOG,
        failureOf(() -> health.probe(TestCatalogs.target(catalog, "shop", "none", "up"), 200))
            .getType());
  }

  @Test
  void awaitStatusTimesOutOnTheWrongAnswer() {
    assertEquals(
        FailureTypes.HEALTH_TIMEOUT,
        failureOf(
                () ->
                    health.awaitStatus(
                        TestCatalogs.target(catalog, "shop", "test", "sick"), 200, 1))
            .getType());
    assertTrue(
        health
            .awaitStatus(TestCatalogs.target(catalog, "shop", "test", "up"), 200, 5)
            .contains("200"));
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status)
      throws java.io.IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }
}
