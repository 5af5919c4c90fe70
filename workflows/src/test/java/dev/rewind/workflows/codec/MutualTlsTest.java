package dev.rewind.workflows.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rewind's connection against a real Temporal frontend that requires mutual TLS (certificates made
 * with openssl here): with the right client certificate and CA a workflow runs, payloads encrypted;
 * without a client certificate, with a certificate of another CA, trusting another CA, or in
 * plaintext, the frontend is not reached.
 */
@Tag("infra")
class MutualTlsTest {
  private static final String NAMESPACE = "rewind-mtls";
  private static final Duration CALL = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static TestCertificates ca;
  private static TestCertificates other;
  private static TlsTemporalServer server;

  @BeforeAll
  static void startTlsFrontend() throws Exception {
    assumeTrue(
        Files.isExecutable(TlsTemporalServer.binary()),
        "no Temporal server binary at "
            + TlsTemporalServer.binary()
            + ": build it with scripts/lib.sh's ensure_temporal_server or set"
            + " REWIND_TEMPORAL_SERVER_BIN");
    ca = TestCertificates.authority(dir, "rewind");
    other = TestCertificates.authority(dir, "other");
    server = TlsTemporalServer.start(dir, ca);
    WorkflowServiceStubs stubs = stubs(settings(ca.client("rewind-admin"), ca.ca(), null));
    try {
      awaitFrontend(stubs);
      stubs
          .blockingStub()
          .registerNamespace(
              RegisterNamespaceRequest.newBuilder()
                  .setNamespace(NAMESPACE)
                  .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
                  .build());
      stubs
          .blockingStub()
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(NAMESPACE).build());
    } finally {
      stubs.shutdownNow();
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static void awaitFrontend(WorkflowServiceStubs stubs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      try {
        systemInfo(stubs);
        return;
      } catch (StatusRuntimeException e) {
        if (!server.alive() || System.nanoTime() > deadline) {
          throw new AssertionError("the TLS frontend did not answer: " + server.logTail(), e);
        }
        Thread.sleep(500);
      }
    }
  }

  private static TemporalSettings settings(
      TestCertificates.Issued client, Path trusted, Path keys) {
    return TemporalSettings.of(
        server.address(),
        NAMESPACE,
        keys == null ? null : keys.toString(),
        client == null ? null : client.cert().toString(),
        client == null ? null : client.key().toString(),
        client == null ? null : trusted.toString());
  }

  private static WorkflowServiceStubs stubs(TemporalSettings settings) {
    return TemporalConnection.serviceStubs(
        settings, options -> options.setRpcTimeout(CALL).setSystemInfoTimeout(CALL));
  }

  private static void systemInfo(WorkflowServiceStubs stubs) {
    stubs
        .blockingStub()
        .withDeadlineAfter(CALL.toMillis(), TimeUnit.MILLISECONDS)
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
  }

  private static void assertRefused(WorkflowServiceStubs stubs) {
    try {
      StatusRuntimeException e =
          assertThrows(StatusRuntimeException.class, () -> systemInfo(stubs));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void withTheClientCertificateOfTheCaAWorkflowRuns() throws Exception {
    Path keys = KeyFiles.write(dir.resolve("codec-keys"), KeyFiles.line("k1"));
    TemporalSettings settings = settings(ca.client("rewind-worker"), ca.ca(), keys);
    WorkflowServiceStubs stubs = stubs(settings);
    WorkflowClient client = TemporalConnection.client(stubs, settings, "mtls-test");
    WorkerFactory workers = WorkerFactory.newInstance(client);
    var worker = workers.newWorker("mtls");
    worker.registerWorkflowImplementationTypes(EchoWorkflowImpl.class);
    worker.registerActivitiesImplementations(new EchoActivitiesImpl());
    workers.start();
    try {
      EchoWorkflow echo =
          client.newWorkflowStub(
              EchoWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("mtls-echo")
                  .setTaskQueue("mtls")
                  .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                  .build());

      assertEquals("echo over mutual TLS", echo.run("over mutual TLS"));
    } finally {
      workers.shutdownNow();
      workers.awaitTermination(10, TimeUnit.SECONDS);
      stubs.shutdownNow();
    }
  }

  @Test
  void withoutAClientCertificateTheFrontendRefuses() throws Exception {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(server.address())
                .setSslContext(GrpcSslContexts.forClient().trustManager(ca.ca().toFile()).build())
                .setSystemInfoTimeout(CALL)
                .build());

    assertRefused(stubs);
  }

  @Test
  void aClientCertificateOfAnotherCaIsRefused() {
    assertRefused(stubs(settings(other.client("rewind-worker"), ca.ca(), null)));
  }

  @Test
  void trustingAnotherCaTheClientRefusesTheFrontend() {
    assertRefused(stubs(settings(ca.client("rewind-worker-2"), other.ca(), null)));
  }

  @Test
  void inPlaintextTheFrontendIsNotReached() {
    assertRefused(stubs(settings(null, null, null)));
  }
}
