package dev.rewind.catalog;

import dev.rewind.catalog.ServiceEnvironment.Escalation;
import dev.rewind.catalog.ServiceEnvironment.Health;
import dev.rewind.catalog.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;

/** Reads the catalog sections that name HTTP endpoints: the health check and escalation hooks. */
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

  static Escalation escalation(YamlNode node) {
    node.object(Set.of("notify"));
    return new Escalation(
        node.required("notify").items().stream().map(n -> httpUrl(n).toString()).toList());
  }

  private static URI httpUrl(YamlNode node) {
    String text = node.text();
    try {
      // {host} (a catalog host name, filled per host) is the one placeholder a URL may hold; it is
      // kept percent-encoded in the URI and restored when the plan is made.
      URI uri = new URI(text.replace("{host}", HOST_PLACEHOLDER));
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, with the key path
    }
    throw node.problem("must be an http:// or https:// URL, not \"" + text + "\"");
  }
}
