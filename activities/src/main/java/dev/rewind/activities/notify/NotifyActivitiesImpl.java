package dev.rewind.activities.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.workflows.core.Incident;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares a P0 incident: the incident is POSTed as JSON to every escalation webhook (of the paging
 * or chat system) the worker's catalog names for the service and environment, and logged at ERROR,
 * where log-based alerting picks it up.
 *
 * <p>Webhooks already reached are remembered in the heartbeat details, so when one webhook fails
 * and the activity is retried, the others are not paged twice for the same notification.
 */
public class NotifyActivitiesImpl implements NotifyActivities {
  public static final String NOTIFICATION_FAILED = "NotificationFailed";

  private static final Logger log = LoggerFactory.getLogger(NotifyActivitiesImpl.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final CatalogTargets targets;

  public NotifyActivitiesImpl(CatalogTargets targets) {
    this.targets = targets;
  }

  @Override
  public void declareIncident(Target target, Incident incident) {
    List<String> contacts = targets.escalation(target);
    String text = target.service() + " " + target.environment() + ": " + describe(incident);
    if (contacts.isEmpty()) {
      log.error("{} (the catalog names no escalation targets)", text);
      return;
    }
    ActivityExecutionContext activity = Activity.getExecutionContext();
    Set<String> delivered =
        new HashSet<>(activity.getHeartbeatDetails(String[].class).map(List::of).orElse(List.of()));
    List<String> failures = new ArrayList<>();
    log.error("{} → notify {}", text, contacts);
    for (String contact : contacts) {
      if (!delivered.contains(contact)) {
        try {
          post(contact, incident);
          delivered.add(contact);
          activity.heartbeat(delivered.toArray(String[]::new));
          log.info(
              "incident {} #{} posted to {}",
              incident.rollbackId(),
              incident.notification(),
              contact);
        } catch (IOException | RuntimeException e) {
          log.warn(
              "could not post incident {} to {}: {}", incident.rollbackId(), contact, e.toString());
          failures.add(contact + ": " + e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Activity.wrap(e);
        }
      }
    }
    if (!failures.isEmpty()) {
      log.error("{} (could not reach {})", text, failures);
      throw ApplicationFailure.newFailure(
          "could not notify " + String.join("; ", failures), NOTIFICATION_FAILED);
    }
  }

  private void post(String url, Incident incident) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url.strip()))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(incident)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      String body = abbreviate(response.body());
      throw new IOException("HTTP " + response.statusCode() + (body.isEmpty() ? "" : ": " + body));
    }
  }

  private static String describe(Incident i) {
    return "P0 %s — rollback %s, %d attempts, notification #%d; last failure: %s"
        .formatted(i.summary(), i.rollbackId(), i.attempts(), i.notification(), i.lastFailure());
  }

  private static String abbreviate(String body) {
    String line = body == null ? "" : body.strip();
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
