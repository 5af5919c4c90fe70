package dev.rewind.api.rollbacks;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A Temporal client whose {@code StartWorkflowExecution} calls fail with {@code code}, as a timed
 * out or broken call does, after reaching the server ({@code delivered}: the workflow is started,
 * its answer lost) or without reaching it. Every other call goes through.
 */
final class LostAnswers implements ClientInterceptor {
  private final Status.Code code;
  private final BooleanSupplier delivered;

  private LostAnswers(Status.Code code, BooleanSupplier delivered) {
    this.code = code;
    this.delivered = delivered;
  }

  /** A client of {@code env} whose starts fail with {@code code}. */
  static WorkflowClient client(TestWorkflowEnvironment env, Status.Code code, boolean delivered) {
    return client(env, code, () -> delivered);
  }

  /** As above, {@code delivered} asked at each start. */
  static WorkflowClient client(
      TestWorkflowEnvironment env, Status.Code code, BooleanSupplier delivered) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setChannel(env.getWorkflowServiceStubs().getRawChannel())
                .setGrpcClientInterceptors(List.of(new LostAnswers(code, delivered)))
                .setRpcTimeout(Duration.ofSeconds(1))
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(1)).build())
                .build());
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(env.getNamespace()).build());
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    if (!method.getFullMethodName().endsWith("/StartWorkflowExecution")) {
      return next.newCall(method, options);
    }
    Status lost = Status.fromCode(code).withDescription("the answer was lost (test)");
    if (!delivered.getAsBoolean()) {
      return new NeverSent<>(lost);
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(
            new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onMessage(R message) {
                // the server answered; the caller never hears it
              }

              @Override
              public void onClose(Status status, Metadata trailers) {
                super.onClose(lost, trailers);
              }
            },
            headers);
      }
    };
  }

  /** A call that fails at once without anything reaching the server. */
  private static final class NeverSent<Q, R> extends ClientCall<Q, R> {
    private final Status status;
    private Listener<R> listener;

    NeverSent(Status status) {
      this.status = status;
    }

    @Override
    public void start(Listener<R> responseListener, Metadata headers) {
      listener = responseListener;
    }

    @Override
    public void request(int numMessages) {}

    @Override
    public void cancel(String message, Throwable cause) {}

    @Override
    public void halfClose() {
      listener.onClose(status, new Metadata());
    }

    @Override
    public void sendMessage(Q message) {}
  }
}
