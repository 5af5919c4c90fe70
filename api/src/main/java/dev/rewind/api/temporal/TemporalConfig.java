package dev.rewind.api.temporal;

import dev.rewind.catalog.StartupProblem;
import dev.rewind.workflows.codec.TemporalConnection;
import dev.rewind.workflows.codec.TemporalSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Temporal client the API starts and describes rollbacks with, and its ledger worker polls
 * with: built by {@link TemporalConnection}, as the workers' is, so both encrypt payloads with the
 * same keys and connect with the same TLS settings. The connection is lazy: the API starts while
 * Temporal is still coming up and answers 503 until it is reachable.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  TemporalProperties.class,
  TemporalTlsProperties.class,
  CodecKeysProperties.class
})
public class TemporalConfig {

  @Bean
  TemporalSettings temporalSettings(
      TemporalProperties temporal, TemporalTlsProperties tls, CodecKeysProperties codec) {
    try {
      return TemporalSettings.of(
          temporal.address(), temporal.namespace(), codec.keys(), tls.cert(), tls.key(), tls.ca());
    } catch (IllegalArgumentException e) {
      throw new StartupProblem(
          e.getMessage(),
          "Fix the variable named above (or unset it) and start the Rewind API again.");
    }
  }

  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(
      TemporalSettings settings, TemporalProperties properties) {
    return TemporalConnection.serviceStubs(
        settings, options -> boundCalls(options, properties.callTimeout()));
  }

  @Bean
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalSettings settings) {
    return TemporalConnection.client(stubs, settings, "rewind-api");
  }

  /** Options for a plaintext connection to {@code properties}' address, calls bounded as above. */
  public static WorkflowServiceStubsOptions stubsOptions(TemporalProperties properties) {
    TemporalSettings plain =
        TemporalSettings.of(properties.address(), properties.namespace(), null, null, null, null);
    WorkflowServiceStubsOptions.Builder options = TemporalConnection.stubsOptions(plain);
    boundCalls(options, properties.callTimeout());
    return options.build();
  }

  /**
   * Every call, its retries included, is bounded by {@code callTimeout}, and so is the one-time
   * server capabilities call that precedes the first: the SDK's defaults would keep an HTTP request
   * waiting for a minute when Temporal is down.
   */
  private static void boundCalls(WorkflowServiceStubsOptions.Builder options, Duration timeout) {
    options
        .setRpcTimeout(timeout)
        .setRpcQueryTimeout(timeout)
        .setSystemInfoTimeout(timeout)
        .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(timeout).build());
  }
}
