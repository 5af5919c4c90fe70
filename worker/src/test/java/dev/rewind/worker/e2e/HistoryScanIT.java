package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The history scan every end-to-end stack runs when it closes ({@link DevStack#close}) finds what
 * it looks for: a secret in a workflow input written without the payload key fails the test class,
 * naming the secret and where it is but not its value; the same input written by a client with the
 * key is ciphertext and passes.
 */
@Tag("infra")
class HistoryScanIT {

  @Test
  void aSecretInAPlaintextHistoryFailsTheStackWhileTheSameSecretEncryptedPasses() throws Exception {
    DevStack stack = new DevStack();
    String password = "pw-" + UUID.randomUUID();
    stack.secrets.add("database password", password);
    stack.startTemporal();
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalAddress()).build());
    try {
      start(stack.client(service), "sealed", password);
      assertEquals(
          List.of(),
          new HistoryScan(stack.temporalAddress(), Map.of("database password", password)).scan(),
          "encrypted by a client with the key: nothing to find");

      start(WorkflowClient.newInstance(service), "plain", password);
    } finally {
      service.shutdownNow();
    }
    AssertionError failure = assertThrows(AssertionError.class, stack::close);

    String message = failure.getMessage();
    assertTrue(
        message.contains(
            "Scanned plain: the database password at"
                + " /events/0/workflowExecutionStartedEventAttributes/input/payloads/0/data"
                + " (base64-decoded)"),
        message);
    assertTrue(message.contains("Scanned plain: a json/plain payload in plaintext"), message);
    assertFalse(message.contains("sealed"), message);
    assertFalse(message.contains(password), "the failure never shows the secret: " + message);
  }

  /** Starts a workflow nobody runs (no worker polls its queue) with the password in its input. */
  private static void start(WorkflowClient client, String id, String password) {
    client
        .newUntypedWorkflowStub(
            "Scanned",
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("nobody-polls").build())
        .start(Map.of("service", "billing", "password", password));
  }
}
