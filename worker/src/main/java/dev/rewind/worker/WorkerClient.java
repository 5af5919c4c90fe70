package dev.rewind.worker;

import dev.rewind.workflows.codec.TemporalConnection;
import dev.rewind.workflows.codec.TemporalSettings;
import io.temporal.client.WorkflowClient;
import java.util.Map;

/**
 * The worker's Temporal client: address, namespace, payload keys and mutual TLS from the
 * environment ({@code REWIND_TEMPORAL_ADDRESS}, {@code REWIND_NAMESPACE}, {@code
 * REWIND_CODEC_KEYS}, {@code REWIND_TEMPORAL_TLS_CERT}/{@code _KEY}/{@code _CA}), connected by the
 * same {@link TemporalConnection} as the api's, so both read what the other wrote.
 */
final class WorkerClient {
  private WorkerClient() {}

  /**
   * Reads the settings and their files, and builds the client (the connection itself is lazy).
   *
   * @throws IllegalArgumentException naming the variable that is wrong
   */
  static WorkflowClient connect(Map<String, String> env) {
    TemporalSettings settings = TemporalSettings.fromEnvironment(env);
    return TemporalConnection.client(
        TemporalConnection.serviceStubs(settings, options -> {}), settings, null);
  }
}
