package dev.rewind.activities.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rewind.activities.TestActivities;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.core.Incident;
import dev.rewind.workflows.core.Notice;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
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
 * Declaring a P0 incident to the notification targets the worker's catalog names, posted to a real
 * local HTTP receiver: a Slack incoming webhook and a generic JSON webhook, whose URLs (secrets in
 * their paths, as Slack's are) appear in no body, heartbeat or failure.
 */
class NotifyActivitiesImplTest {
  private static final String SLACK_PATH = "/services/T0001/B0002/slack-s3cret";
  private static final String WEBHOOK_PATH = "/incidents/webhook-s3cret";
  private static final String DOWN_PATH = "/down-s3cret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private TestActivityEnvironment env;
  private NotifyActivities notify;
  private HttpServer receiver;
  private Catalog catalog;

  private record Received(String path, String contentType, JsonNode body) {}

  @BeforeEach
  void setUp(@TempDir Path dir) throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(SLACK_PATH, exchange -> answer(exchange, 200));
    receiver.createContext(WEBHOOK_PATH, exchange -> answer(exchange, 204));
    receiver.createContext("/broken", exchange -> answer(exchange, 503));
    receiver.start();
    catalog =
        TestCatalogs.write(
            dir,
            """
            hosts:
              local: { transport: agent }
            notify:
              oncall: { kind: slack, url: "%s" }
              pager: { kind: webhook, url: "%s" }
              broken: { kind: webhook, url: "%s" }
              down: { kind: webhook, url: "http://127.0.0.1:1%s" }
            services:
              billing-api:
                production:
                  hosts: [local]
                  escalation: { notify: [oncall, pager] }
                  notify:
                    routes:
                      - { events: [started, succeeded], targets: [oncall] }
                      - { events: [succeeded, failed], targets: [pager, oncall] }
                staging:
                  hosts: [local]
                  escalation: { notify: [pager, broken] }
                qa:
                  hosts: [local]
                  escalation: { notify: [down] }
                dev:
                  hosts: [local]
            """
                .formatted(url(SLACK_PATH), url(WEBHOOK_PATH), url("/broken"), DOWN_PATH));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new NotifyActivitiesImpl(new CatalogTargets(catalog)));
    notify = TestActivities.once(env, NotifyActivities.class, Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    env.close();
    receiver.stop(0);
  }

  @Test
  void aWebhookTargetReceivesTheIncidentAsJsonWithItsServiceAndEnvironment() {
    notify.declareIncident(target("production"), incident());

    JsonNode json = only(WEBHOOK_PATH).body();
    assertEquals("application/json", only(WEBHOOK_PATH).contentType());
    assertEquals(
        "rollback-production-billing-api-20260101000000-ab12", json.get("rollbackId").asText());
    assertEquals("ROLLBACK FAILED: container-revert billing-api", json.get("summary").asText());
    assertEquals(2, json.get("attempts").asInt());
    assertEquals("Unhealthy: app exited", json.get("lastFailure").asText());
    assertEquals(1, json.get("notification").asInt());
    assertEquals("billing-api", json.get("service").asText());
    assertEquals("production", json.get("environment").asText());
  }

  @Test
  void aSlackTargetReceivesTextAndBlocks() {
    notify.declareIncident(target("production"), incident());

    JsonNode slack = only(SLACK_PATH).body();
    assertEquals(List.of("blocks", "text"), fieldNames(slack));
    String text = slack.get("text").asText();
    assertTrue(text.startsWith("P0 ROLLBACK FAILED: container-revert billing-api"), text);
    assertTrue(text.contains("rollback-production-billing-api-20260101000000-ab12"), text);
    JsonNode blocks = slack.get("blocks");
    assertEquals("header", blocks.get(0).get("type").asText());
    assertEquals("plain_text", blocks.get(0).at("/text/type").asText());
    assertEquals(
        "P0 ROLLBACK FAILED: container-revert billing-api",
        blocks.get(0).at("/text/text").asText());
    assertEquals("section", blocks.get(1).get("type").asText());
    assertEquals("*Service*\nbilling-api production", blocks.get(1).at("/fields/0/text").asText());
    assertEquals("*Attempts*\n2", blocks.get(1).at("/fields/2/text").asText());
    assertEquals(
        "*Last failure*\n```Unhealthy: app exited```", blocks.get(2).at("/text/text").asText());
  }

  @Test
  void slackMarkupInAFailureIsEscapedAndLongTextsAreCut() {
    Incident odd =
        new Incident(
            "rollback-x",
            "x".repeat(200),
            2,
            "<!channel> & <http://evil|click>" + "y".repeat(3100),
            3);

    notify.declareIncident(target("production"), odd);

    JsonNode blocks = only(SLACK_PATH).body().get("blocks");
    assertEquals(150, blocks.get(0).at("/text/text").asText().length());
    String failure = blocks.get(2).at("/text/text").asText();
    assertTrue(failure.contains("&lt;!channel&gt; &amp; &lt;http://evil|click&gt;"), failure);
    assertTrue(failure.length() <= 3000, "section text at most 3000: " + failure.length());
  }

  @Test
  void noTargetUrlReachesABody() {
    notify.declareIncident(target("production"), incident());

    assertEquals(2, received.size());
    for (Received r : received) {
      String body = r.body().toString();
      for (String secret : List.of(SLACK_PATH, WEBHOOK_PATH, "s3cret", "127.0.0.1")) {
        assertFalse(body.contains(secret), r.path() + " got " + body);
      }
    }
  }

  @Test
  void aFailingTargetIsNamedNotQuotedAndTheRetryDoesNotPageTheOthersAgain() {
    List<String[]> heartbeats = new CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(String[].class, heartbeats::add);
    Incident incident = incident();
    Target staging = target("staging");

    ApplicationFailure failure =
        TestActivities.failureOf(() -> notify.declareIncident(staging, incident));

    assertEquals(NotifyActivitiesImpl.NOTIFICATION_FAILED, failure.getType());
    assertFalse(failure.isNonRetryable());
    assertEquals("could not notify broken (HTTP 503)", failure.getOriginalMessage());
    assertEquals(1, received.size());
    assertEquals(List.of("pager"), List.of(heartbeats.get(heartbeats.size() - 1)));

    env.setHeartbeatDetails(new String[] {"pager"}); // what the retry is given
    TestActivities.failureOf(() -> notify.declareIncident(staging, incident));
    assertEquals(1, received.size(), "the target already reached is not posted twice");
  }

  @Test
  void anUnreachableTargetFailsWithoutItsUrl() {
    ApplicationFailure failure =
        TestActivities.failureOf(() -> notify.declareIncident(target("qa"), incident()));

    assertEquals(NotifyActivitiesImpl.NOTIFICATION_FAILED, failure.getType());
    String message = failure.getOriginalMessage();
    assertTrue(message.startsWith("could not notify down ("), message);
    assertFalse(message.contains("s3cret") || message.contains(":1/"), message);
  }

  @Test
  void anEnvironmentWithoutEscalationTargetsIsOnlyLogged() {
    notify.declareIncident(target("dev"), incident());

    assertTrue(received.isEmpty());
  }

  @Test
  void aServiceTheCatalogDoesNotKnowPagesNobody() {
    Target unknown = new Target("payroll", "production", "local", "agent", "x");

    ApplicationFailure failure =
        TestActivities.failureOf(() -> notify.declareIncident(unknown, incident()));

    assertEquals(FailureTypes.NOT_IN_CATALOG, failure.getType());
    assertTrue(received.isEmpty());
  }

  @Test
  void routesNameEachEventsTargetsOnceAndNeverAUrl() {
    assertEquals(
        java.util.Map.of(
            "started", List.of("oncall"),
            "succeeded", List.of("oncall", "pager"),
            "failed", List.of("pager", "oncall"),
            "sla-breached", List.of("oncall", "pager")), // the escalation targets
        notify.routes(target("production")));
    assertEquals(java.util.Map.of(), notify.routes(target("dev")));
  }

  @Test
  void aNoticeGoesToTheNamedRoutedTargetOnlyAsJsonOrSlack() {
    assertEquals("HTTP 204", notify.deliver(target("production"), "pager", notice("failed")));
    assertEquals("HTTP 200", notify.deliver(target("production"), "oncall", notice("started")));

    JsonNode json = only(WEBHOOK_PATH).body();
    assertEquals("failed", json.get("event").asText());
    assertEquals("billing-api", json.get("service").asText());
    assertEquals("r-1/failed/1767225600000", json.get("id").asText());
    assertEquals("/api/v1/rollbacks/r-1", json.get("link").asText());
    JsonNode slack = only(SLACK_PATH).body();
    assertEquals(List.of("blocks", "text"), fieldNames(slack));
    assertTrue(slack.get("text").asText().startsWith("Rollback started: "), slack.toString());
    assertFalse(slack.toString().contains("s3cret"), slack.toString());
  }

  @Test
  void aTargetNotRoutedForTheEventOrAnUnknownEventIsRefused() {
    ApplicationFailure unrouted =
        TestActivities.failureOf(
            () -> notify.deliver(target("production"), "pager", notice("started")));
    ApplicationFailure unknown =
        TestActivities.failureOf(
            () -> notify.deliver(target("production"), "pager", notice("rebooted")));

    assertEquals(FailureTypes.NOT_IN_CATALOG, unrouted.getType());
    assertEquals(FailureTypes.INVALID_VALUE, unknown.getType());
    assertTrue(received.isEmpty());
  }

  private static Notice notice(String event) {
    return new Notice(
        event,
        "r-1",
        "config-restore web",
        "RUNNING",
        "a <b> detail",
        "/api/v1/rollbacks/r-1",
        1767225600000L);
  }

  private Target target(String environment) {
    return TestCatalogs.target(catalog, "billing-api", environment, "local");
  }

  private String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private Received only(String path) {
    List<Received> at = received.stream().filter(r -> r.path().equals(path)).toList();
    assertEquals(1, at.size(), "posts to " + path + ": " + received);
    return at.get(0);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names.stream().sorted().toList();
  }

  private static Incident incident() {
    return new Incident(
        "rollback-production-billing-api-20260101000000-ab12",
        "ROLLBACK FAILED: container-revert billing-api",
        2,
        "Unhealthy: app exited",
        1);
  }

  private void answer(HttpExchange exchange, int status) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (status / 100 == 2) {
      received.add(
          new Received(
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              JSON.readTree(body)));
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }
}
