package dev.rewind.catalog;

import java.net.URI;

/**
 * A named place escalations are posted to (the catalog's top-level {@code notify} map): a Slack
 * incoming webhook ({@code slack}: a message with {@code text} and {@code blocks}) or any endpoint
 * taking a JSON document ({@code webhook}). Such URLs are credentials — whoever has one can post to
 * the channel — so environments name targets ({@code escalation.notify: [oncall]}) and only the
 * worker that posts resolves the URL; it never enters a plan, a step or a message.
 */
public record NotifyTarget(String name, Kind kind, URI url) {

  public enum Kind {
    SLACK,
    WEBHOOK;

    public String id() {
      return name().toLowerCase();
    }
  }

  /** The target's name and kind, never its URL: what logs and failure messages may show. */
  @Override
  public String toString() {
    return name + " (" + kind.id() + ")";
  }
}
