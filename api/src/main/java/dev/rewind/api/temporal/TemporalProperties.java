package dev.rewind.api.temporal;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach Temporal: {@code address} ({@code REWIND_TEMPORAL_ADDRESS}), {@code namespace}
 * ({@code REWIND_NAMESPACE}), the web UI ({@code REWIND_TEMPORAL_UI}) used for links, and {@code
 * callTimeout} ({@code REWIND_TEMPORAL_CALL_TIMEOUT}), how long one call to Temporal may take with
 * its retries before the API answers 503.
 */
@ConfigurationProperties("rewind.temporal")
public record TemporalProperties(
    @DefaultValue("127.0.0.1:7233") String address,
    @DefaultValue("default") String namespace,
    @DefaultValue("http://127.0.0.1:8233") URI ui,
    @DefaultValue("5s") Duration callTimeout) {

  public TemporalProperties {
    if (address.isBlank()) {
      throw new IllegalArgumentException(
          "rewind.temporal.address (REWIND_TEMPORAL_ADDRESS) is empty");
    }
    if (namespace.isBlank()) {
      throw new IllegalArgumentException("rewind.temporal.namespace (REWIND_NAMESPACE) is empty");
    }
    if (!"http".equals(ui.getScheme()) && !"https".equals(ui.getScheme())) {
      throw new IllegalArgumentException(
          "rewind.temporal.ui (REWIND_TEMPORAL_UI) must be an http(s) URL, not " + ui);
    }
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("rewind.temporal.call-timeout must be positive");
    }
  }

  /** The page of one workflow in the Temporal UI. */
  public String workflowUrl(String workflowId) {
    return page("workflows", workflowId);
  }

  /** The page of one schedule in the Temporal UI. */
  public String scheduleUrl(String scheduleId) {
    return page("schedules", scheduleId);
  }

  private String page(String kind, String id) {
    String base = ui.toString().replaceAll("/+$", "");
    return base + "/namespaces/" + namespace + "/" + kind + "/" + id;
  }
}
