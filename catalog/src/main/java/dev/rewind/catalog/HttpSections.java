package dev.rewind.catalog;

import dev.rewind.catalog.ServiceEnvironment.Health;
import dev.rewind.catalog.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;

/**
 * Reads the catalog sections that name HTTP endpoints: the health check and the notification
 * targets.
 */
public final class HttpSections {
  public static final String HOST_PLACEHOLDER = "%7Bhost%7D";

  private HttpSections() {}

  static Health health(YamlNode node) {
    node.object(Set.of("url", "expectStatus", "timeout", "watchEverySeconds", "watchFailures"));
    return new Health(
        httpUrl(node.required("url")),
        node.optional("expectStatus").map(n -> n.integer(100, 599)).orElse(200),
        node.optional("timeout").map(YamlNode::duration).orElse(Duration.ofSeconds(60)),
        node.optional("watchEverySeconds")
            .map(n -> n.integer(5, 3600))
            .orElse(Health.WATCH_EVERY_SECONDS),
        node.optional("watchFailures").map(n -> n.integer(1, 100)).orElse(Health.WATCH_FAILURES));
  }

  /** {@code notify.<name>}: {@code {kind: slack | webhook, url: "https://..."}}. */
  static NotifyTarget notifyTarget(String name, YamlNode node) {
    node.object(Set.of("kind", "url"));
    YamlNode kind = node.required("kind");
    NotifyTarget.Kind parsed =
        switch (kind.text()) {
          case "slack" -> NotifyTarget.Kind.SLACK;
          case "webhook" -> NotifyTarget.Kind.WEBHOOK;
          default -> throw kind.problem("must be slack or webhook, not \"" + kind.text() + "\"");
        };
    // No placeholder: a notification goes to one place, whichever host a rollback ran on. The URL
    // is not repeated in the message (it is a credential); the key path says which one is wrong.
    YamlNode url = node.required("url");
    URI uri = parse(url.text());
    if (uri == null) {
      throw url.problem("must be an http:// or https:// URL without placeholders");
    }
    return new NotifyTarget(name, parsed, uri);
  }

  private static URI httpUrl(YamlNode node) {
    String text = node.text();
    // {host} (a catalog host name, filled per host) is the one placeholder a URL may hold; it is
    // kept percent-encoded in the URI and restored when the plan is made.
    URI uri = parse(text.replace("{host}", HOST_PLACEHOLDER));
    if (uri == null) {
      throw node.problem("must be an http:// or https:// URL, not \"" + text + "\"");
    }
    return uri;
  }

  /** An absolute http(s) URL with a host, or null. */
  private static URI parse(String text) {
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // the caller reports it, with the key path
    }
    return null;
  }
}
