package dev.rewind.api.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Temporal client the API starts and describes rollbacks with. The connection is lazy: the API
 * starts while Temporal is still coming up and answers 503 until it is reachable.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TemporalProperties.class)
public class TemporalConfig {

  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(TemporalProperties properties) {
    return WorkflowServiceStubs.newServiceStubs(stubsOptions(properties));
  }

  @Bean
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalProperties properties) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(properties.namespace())
            .setIdentity("rewind-api")
            .build());
  }

  /**
   * Every call, its retries included, is bounded by {@code callTimeout}, and so is the one-time
   * server capabilities call that precedes the first: the SDK's defaults would keep an HTTP request
   * waiting for a minute when Temporal is down.
   */
  public static WorkflowServiceStubsOptions stubsOptions(TemporalProperties properties) {
    return WorkflowServiceStubsOptions.newBuilder()
        .setTarget(properties.address())
        .setRpcTimeout(properties.callTimeout())
        .setRpcQueryTimeout(properties.callTimeout())
        .setSystemInfoTimeout(properties.callTimeout())
        .setRpcRetryOptions(
            RpcRetryOptions.newBuilder().setExpiration(properties.callTimeout()).build())
        .build();
  }
}
