package dev.rewind.activities.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.catalog.NotifyTarget;
import dev.rewind.workflows.core.Incident;
import dev.rewind.workflows.core.Target;

/**
 * The body posted for an incident, by the target's kind: for {@code slack} an incoming-webhook
 * message ({@code text}, the notification's fallback, and {@code blocks}: a header, the facts, the
 * last failure); for {@code webhook} the incident as a JSON document with its service and
 * environment. Made from the incident and the plan's names only, so it never holds a target's URL.
 */
final class IncidentMessage {
  // Slack's limits: header text 150 characters, section text 3000.
  private static final int HEADER_CHARS = 150;
  private static final int SECTION_CHARS = 3000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private IncidentMessage() {}

  static byte[] body(NotifyTarget.Kind kind, Target service, Incident incident) {
    ObjectNode body =
        kind == NotifyTarget.Kind.SLACK ? slack(service, incident) : json(service, incident);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers is always JSON", e);
    }
  }

  /** One line for logs and chat fallbacks. */
  static String text(Target service, Incident i) {
    return "P0 %s — %s %s, rollback %s, %d attempts, notification #%d; last failure: %s"
        .formatted(
            i.summary(),
            service.service(),
            service.environment(),
            i.rollbackId(),
            i.attempts(),
            i.notification(),
            i.lastFailure());
  }

  private static ObjectNode json(Target service, Incident i) {
    ObjectNode body = JSON.valueToTree(i);
    body.put("service", service.service());
    body.put("environment", service.environment());
    return body;
  }

  private static ObjectNode slack(Target service, Incident i) {
    ObjectNode body = JSON.createObjectNode();
    body.put("text", text(service, i));
    ArrayNode blocks = body.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", cut("P0 " + i.summary(), HEADER_CHARS));
    ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
    field(fields, "Service", service.service() + " " + service.environment());
    field(fields, "Rollback", "`" + i.rollbackId() + "`");
    field(fields, "Attempts", String.valueOf(i.attempts()));
    field(fields, "Notification", "#" + i.notification());
    String failure = i.lastFailure() == null ? "(none recorded)" : i.lastFailure();
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put(
            "text",
            "*Last failure*\n```"
                + cut(escape(failure).replace("```", "'''"), SECTION_CHARS - 40)
                + "```");
    return body;
  }

  private static void field(ArrayNode fields, String name, String value) {
    fields.addObject().put("type", "mrkdwn").put("text", "*" + name + "*\n" + escape(value));
  }

  /** Slack's mrkdwn reads {@code <...>} as links and mentions: the three characters it escapes. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
