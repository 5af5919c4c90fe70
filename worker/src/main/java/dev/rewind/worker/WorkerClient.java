package dev.rewind.worker;

import com.uber.m3.tally.Scope;
import dev.rewind.workflows.codec.TemporalConnection;
import dev.rewind.workflows.codec.TemporalSettings;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's Temporal client: address, namespace, payload keys and mutual TLS from the
 * environment ({@code REWIND_TEMPORAL_ADDRESS}, {@code REWIND_NAMESPACE}, {@code
 * REWIND_CODEC_KEYS}, {@code REWIND_TEMPORAL_TLS_CERT}/{@code _KEY}/{@code _CA}), connected by the
 * same {@link TemporalConnection} as the api's, so both read what the other wrote.
 */
final class WorkerClient {
  private static final Logger log = LoggerFactory.getLogger(WorkerClient.class);

  private WorkerClient() {}

  /**
   * Reads the settings and their files and builds the client (the connection itself is lazy); a
   * wrong setting ends the process with status 2 and a message naming the variable, as a wrong
   * REWIND_ROLES or REWIND_HOST does.
   */
  static WorkflowClient connectOrExit(Map<String, String> env, Scope metrics) {
    TemporalSettings settings;
    try {
      settings = TemporalSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      log.error("rewind-worker: bad configuration: {}", e.getMessage());
      System.exit(2);
      throw e;
    }
    return TemporalConnection.client(
        TemporalConnection.serviceStubs(settings, options -> options.setMetricsScope(metrics)),
        settings,
        null);
  }
}
