package dev.rewind.activities.notify;

import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.catalog.NotifyEvent;
import dev.rewind.catalog.NotifyTarget;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.core.Incident;
import dev.rewind.workflows.core.Notice;
import dev.rewind.workflows.core.NotifyActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a rollback's events to the targets the catalog routes them to ({@link NoticeMessage}), one
 * target per activity, so Temporal retries each on its own; and declares a P0 incident: the
 * incident is POSTed to every notification target the worker's catalog names for the service's
 * escalations ({@link IncidentMessage}: a Slack message or a JSON document), and logged at ERROR,
 * where log-based alerting picks it up.
 *
 * <p>A target's URL is a credential and is used only for the request: heartbeats, failure messages
 * (both kept in workflow history) and logs name the target, never its URL. Targets already reached
 * are remembered by name in the heartbeat details, so when one fails and the activity is retried,
 * the others are not paged twice for the same notification.
 */
public class NotifyActivitiesImpl implements NotifyActivities {
  public static final String NOTIFICATION_FAILED = "NotificationFailed";

  private static final Logger log = LoggerFactory.getLogger(NotifyActivitiesImpl.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final CatalogTargets targets;

  public NotifyActivitiesImpl(CatalogTargets targets) {
    this.targets = targets;
  }

  @Override
  public void declareIncident(Target service, Incident incident) {
    List<NotifyTarget> escalation = targets.escalation(service);
    String text = IncidentMessage.text(service, incident);
    if (escalation.isEmpty()) {
      log.error("{} (the catalog names no escalation targets)", text);
      return;
    }
    ActivityExecutionContext activity = Activity.getExecutionContext();
    Set<String> delivered =
        new HashSet<>(activity.getHeartbeatDetails(String[].class).map(List::of).orElse(List.of()));
    List<String> failures = new ArrayList<>();
    log.error("{} → notify {}", text, escalation);
    for (NotifyTarget target : escalation) {
      if (delivered.contains(target.name())) {
        continue;
      }
      try {
        post(target, IncidentMessage.body(target.kind(), service, incident));
        delivered.add(target.name());
        activity.heartbeat(delivered.toArray(String[]::new));
        log.info(
            "incident {} #{} posted to {}", incident.rollbackId(), incident.notification(), target);
      } catch (IOException | RuntimeException e) {
        String reason = reason(e, target);
        log.warn("could not post incident {} to {}: {}", incident.rollbackId(), target, reason);
        failures.add(target.name() + " (" + reason + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
    }
    if (!failures.isEmpty()) {
      throw ApplicationFailure.newFailure(
          "could not notify " + String.join("; ", failures), NOTIFICATION_FAILED);
    }
  }

  @Override
  public Map<String, List<String>> routes(Target service) {
    Map<String, List<String>> routes = new LinkedHashMap<>();
    for (NotifyEvent event : NotifyEvent.values()) {
      List<String> names = targets.routed(service, event);
      if (!names.isEmpty()) {
        routes.put(event.id(), names);
      }
    }
    return routes;
  }

  @Override
  public String deliver(Target service, String name, Notice notice) {
    NotifyEvent event =
        NotifyEvent.of(notice.event())
            .orElseThrow(
                () ->
                    Failures.permanent(
                        FailureTypes.INVALID_VALUE,
                        "unknown notification event " + notice.event()));
    NotifyTarget target = targets.routedTarget(service, event, name);
    try {
      int status = post(target, NoticeMessage.body(target.kind(), service, notice));
      log.info("{} of rollback {} posted to {}", event.id(), notice.rollbackId(), target);
      return "HTTP " + status;
    } catch (IOException | RuntimeException e) {
      String reason = reason(e, target);
      log.warn(
          "could not post {} of {} to {}: {}", event.id(), notice.rollbackId(), target, reason);
      throw ApplicationFailure.newFailure(
          "could not notify " + target.name() + " (" + reason + ")", NOTIFICATION_FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }

  private int post(NotifyTarget target, byte[] body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(target.url())
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      // The receiver's answer goes to the log only: it may say more than history should keep.
      log.warn(
          "{} answered HTTP {}: {}",
          target,
          response.statusCode(),
          redact(abbreviate(response.body()), target));
      throw new Refused(response.statusCode());
    }
    return response.statusCode();
  }

  /** A target that answered with a status other than 2xx. */
  private static final class Refused extends IOException {
    Refused(int status) {
      super("HTTP " + status);
    }
  }

  /** Why a post failed, without the target's URL (which an exception's message may quote). */
  private static String reason(Exception e, NotifyTarget target) {
    if (e instanceof Refused) {
      return e.getMessage();
    }
    String kind = e.getClass().getSimpleName();
    return e.getMessage() == null ? kind : kind + ": " + redact(e.getMessage(), target);
  }

  private static String redact(String text, NotifyTarget target) {
    String redacted = text.replace(target.url().toString(), "<url of " + target.name() + ">");
    for (String part : new String[] {target.url().getRawPath(), target.url().getRawQuery()}) {
      if (part != null && part.length() > 1) {
        redacted = redacted.replace(part, "<redacted>");
      }
    }
    return redacted;
  }

  private static String abbreviate(String body) {
    String line = body == null ? "" : body.strip();
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
