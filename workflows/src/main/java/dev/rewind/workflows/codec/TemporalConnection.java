package dev.rewind.workflows.codec;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the api and the workers connect to Temporal: the frontend address, mutual TLS when
 * configured, and a client whose data converter encrypts payloads when keys are configured. Both
 * processes build their {@link WorkflowClient} here, so a worker can always read what the api wrote
 * and the other way round.
 */
public final class TemporalConnection {
  private static final Logger log = LoggerFactory.getLogger(TemporalConnection.class);

  private TemporalConnection() {}

  /** Stubs to the frontend, with {@code tuning} (timeouts, retries) applied on top. */
  public static WorkflowServiceStubs serviceStubs(
      TemporalSettings settings, Consumer<WorkflowServiceStubsOptions.Builder> tuning) {
    WorkflowServiceStubsOptions.Builder options = stubsOptions(settings);
    tuning.accept(options);
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  /** The frontend's address and, when configured, the TLS context with the client certificate. */
  public static WorkflowServiceStubsOptions.Builder stubsOptions(TemporalSettings settings) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(settings.address());
    settings.mutualTls().ifPresent(tls -> options.setSslContext(tls.sslContext()));
    return options;
  }

  /**
   * A client of {@code settings}' namespace over {@code stubs}, encrypting payloads when keys are
   * configured; logs once how the connection is protected, and says so plainly when it is not.
   *
   * @param identity shown in Temporal as the worker or client identity; null for the SDK default
   */
  public static WorkflowClient client(
      WorkflowServiceStubs stubs, TemporalSettings settings, String identity) {
    WorkflowClientOptions.Builder options =
        WorkflowClientOptions.newBuilder().setNamespace(settings.namespace());
    if (identity != null) {
      options.setIdentity(identity);
    }
    settings
        .encryption()
        .ifPresent(
            keys -> options.setDataConverter(EncryptingDataConverter.of(new AesGcmCodec(keys))));
    describe(settings);
    return WorkflowClient.newInstance(stubs, options.build());
  }

  private static void describe(TemporalSettings settings) {
    settings
        .mutualTls()
        .ifPresentOrElse(
            tls ->
                log.info(
                    "Temporal {} over mutual TLS as {} (CA {})",
                    settings.address(),
                    tls.subject(),
                    tls.ca()),
            () ->
                log.info(
                    "Temporal {} without TLS ({}, {}, {} not set)",
                    settings.address(),
                    TemporalTls.CERT,
                    TemporalTls.KEY,
                    TemporalTls.CA));
    settings
        .encryption()
        .ifPresentOrElse(
            keys ->
                log.info(
                    "payloads encrypted with AES-256-GCM under key id {} ({} keys from {})",
                    keys.encryptingKeyId(),
                    keys.size(),
                    keys.file()),
            () ->
                log.warn(
                    "payloads are NOT encrypted: {} is not set, so workflow inputs, results and"
                        + " step details reach Temporal in plaintext",
                    TemporalSettings.CODEC_KEYS));
  }
}
