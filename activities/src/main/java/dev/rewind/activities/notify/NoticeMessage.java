package dev.rewind.activities.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.catalog.NotifyEvent;
import dev.rewind.catalog.NotifyTarget;
import dev.rewind.workflows.core.Notice;
import dev.rewind.workflows.core.Target;
import java.time.Instant;

/**
 * The body posted for a rollback's event, by the target's kind: for {@code slack} an
 * incoming-webhook message ({@code text} as the fallback, {@code blocks}: the line and the detail);
 * for {@code webhook} the notice as a JSON document with its service, environment and a delivery
 * {@code id} a receiver may use to drop a repeat. Made from the notice and names only, never a URL.
 */
final class NoticeMessage {
  private static final int SECTION_CHARS = 3000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private NoticeMessage() {}

  static byte[] body(NotifyTarget.Kind kind, Target service, Notice notice) {
    ObjectNode body =
        kind == NotifyTarget.Kind.SLACK ? slack(service, notice) : json(service, notice);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers is always JSON", e);
    }
  }

  /** One line: the event, the service, the rollback (a drill's run), and where to act. */
  static String text(Target service, Notice n) {
    String link = n.link() == null ? "" : " — " + n.link();
    if (NotifyEvent.DRILL_RESULT.id().equals(n.event())) {
      return "Rollback drill: %s — %s %s, run %s%s"
          .formatted(n.summary(), service.service(), service.environment(), n.rollbackId(), link);
    }
    return "Rollback %s: %s — %s %s, rollback %s%s"
        .formatted(
            n.event(), n.summary(), service.service(), service.environment(), n.rollbackId(), link);
  }

  private static ObjectNode json(Target service, Notice n) {
    ObjectNode body = JSON.valueToTree(n);
    body.put("id", n.rollbackId() + "/" + n.event() + "/" + n.atMillis());
    body.put("at", Instant.ofEpochMilli(n.atMillis()).toString());
    body.put("service", service.service());
    body.put("environment", service.environment());
    return body;
  }

  private static ObjectNode slack(Target service, Notice n) {
    ObjectNode body = JSON.createObjectNode();
    body.put("text", text(service, n));
    ArrayNode blocks = body.putArray("blocks");
    section(blocks, "*" + escape(text(service, n)) + "*");
    if (n.detail() != null) {
      String detail = escape(n.detail()).replace("```", "'''");
      if (detail.length() > SECTION_CHARS - 10) {
        detail = detail.substring(0, SECTION_CHARS - 11) + "…";
      }
      section(blocks, "```" + detail + "```");
    }
    return body;
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", mrkdwn);
  }

  /** Slack's mrkdwn reads {@code <...>} as links and mentions: the three characters it escapes. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
