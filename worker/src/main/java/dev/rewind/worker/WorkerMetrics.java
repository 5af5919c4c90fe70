package dev.rewind.worker;

import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's metrics for Prometheus at {@code http://REWIND_METRICS_ADDRESS/metrics} (default
 * {@code 127.0.0.1:9464}, loopback: the SDK's metrics name task queues and workflow types; {@code
 * off} disables): the Temporal SDK's own (poll latencies, slots, schedule-to-start, workflow and
 * activity outcomes) and {@link StepDurations}. A taken port is a warning, not a failed start: a
 * second worker on the same machine runs without metrics rather than not at all.
 */
final class WorkerMetrics {
  static final String DEFAULT_ADDRESS = "127.0.0.1:9464";
  private static final Logger log = LoggerFactory.getLogger(WorkerMetrics.class);

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** The scope the SDK reports to, flushed every second. */
  Scope sdkScope() {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
  }

  StepDurations stepDurations() {
    return new StepDurations(registry);
  }

  /** Serves /metrics where {@code REWIND_METRICS_ADDRESS} says, unless it says off. */
  void serve(Map<String, String> env) {
    String address = env.getOrDefault("REWIND_METRICS_ADDRESS", DEFAULT_ADDRESS);
    if (address.equals("off")) {
      return;
    }
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "REWIND_METRICS_ADDRESS must be host:port or off, not " + address);
    }
    InetSocketAddress at =
        new InetSocketAddress(
            address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    try {
      HttpServer server = HttpServer.create(at, 0);
      server.createContext(
          "/metrics",
          exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      log.info("metrics for Prometheus on http://{}/metrics", address);
    } catch (IOException e) {
      log.warn("metrics not served: {} is not free ({})", address, e.getMessage());
    }
  }
}
