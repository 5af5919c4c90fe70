package dev.rewind.workflows.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflows run on the SDK's test server through {@link TemporalConnection}'s client with keys: the
 * raw history the server keeps holds no plaintext of the input, while the static summaries and
 * search attributes an operator lists rollbacks by stay readable.
 */
class EncryptedHistoryTest {
  private static final String SECRET = "BILLING_DB_PASSWORD=s3cr3t-hunter2";
  private static final SearchAttributeKey<String> SERVICE =
      SearchAttributeKey.forKeyword("RewindService");
  private static final String QUEUE = "codec-test";

  @TempDir Path dir;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkerFactory workers;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.registerSearchAttribute("RewindService", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    Path keys = KeyFiles.write(dir.resolve("codec-keys"), KeyFiles.line("k1"));
    TemporalSettings settings =
        TemporalSettings.of("127.0.0.1:7233", env.getNamespace(), keys.toString(), "", "", "");
    client = TemporalConnection.client(env.getWorkflowServiceStubs(), settings, "codec-test");
    workers = WorkerFactory.newInstance(client);
    Worker worker = workers.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(EchoWorkflowImpl.class);
    worker.registerActivitiesImplementations(new EchoActivitiesImpl());
    workers.start();
  }

  @AfterEach
  void stop() {
    workers.shutdownNow();
    env.close();
  }

  private EchoWorkflow workflow(String id) {
    return client.newWorkflowStub(
        EchoWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(QUEUE)
            .setStaticSummary("code-revert billing-api production v2 → v1")
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder().set(SERVICE, "billing-api").build())
            .build());
  }

  private History rawHistory(String id) {
    return env.getWorkflowServiceStubs()
        .blockingStub()
        .getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(env.getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                .build())
        .getHistory();
  }

  private static boolean holds(History history, String text) {
    // ISO-8859-1 maps every byte to one char, so an ASCII text is found wherever its bytes are.
    return new String(history.toByteArray(), StandardCharsets.ISO_8859_1).contains(text);
  }

  private static HistoryEvent first(History history, EventType type) {
    return history.getEventsList().stream()
        .filter(e -> e.getEventType() == type)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in the history"));
  }

  private static String plainJson(Payload payload) {
    assertEquals("json/plain", payload.getMetadataOrThrow("encoding").toStringUtf8());
    return payload.getData().toStringUtf8();
  }

  @Test
  void theHistoryHoldsNoPlaintextOfTheInputYetTheWorkflowReadsIt() {
    String result = workflow("wf-secret").run(SECRET);

    History history = rawHistory("wf-secret");
    assertEquals("echo " + SECRET, result);
    assertFalse(holds(history, "s3cr3t-hunter2"), "the secret is in the raw history");
    assertFalse(holds(history, "first attempt failed"), "a failure message is in plaintext");
    HistoryEvent started = first(history, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    List<Payload> input =
        started.getWorkflowExecutionStartedEventAttributes().getInput().getPayloadsList();
    assertTrue(input.stream().allMatch(AesGcmCodec::isEncrypted));
    HistoryEvent completed = first(history, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    assertTrue(
        completed.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList().stream()
            .allMatch(AesGcmCodec::isEncrypted));
  }

  @Test
  void summariesAndSearchAttributesStayReadable() {
    workflow("wf-names").run(SECRET);

    History history = rawHistory("wf-names");
    HistoryEvent started = first(history, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    assertEquals(
        "\"code-revert billing-api production v2 → v1\"",
        plainJson(started.getUserMetadata().getSummary()));
    assertEquals(
        "\"billing-api\"",
        plainJson(
            started
                .getWorkflowExecutionStartedEventAttributes()
                .getSearchAttributes()
                .getIndexedFieldsOrThrow("RewindService")));
    HistoryEvent scheduled = first(history, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    assertEquals("\"echo on host local\"", plainJson(scheduled.getUserMetadata().getSummary()));
  }

  @Test
  void aFailureMessageIsEncryptedInTheHistoryAndReadableThroughTheClient() {
    WorkflowFailedException failed =
        assertThrows(
            WorkflowFailedException.class, () -> workflow("wf-refused").run("refuse " + SECRET));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failed.getCause());
    assertEquals("refused refuse " + SECRET, cause.getOriginalMessage());
    assertEquals("Refused", cause.getType());
    History history = rawHistory("wf-refused");
    assertFalse(holds(history, "s3cr3t-hunter2"));
    HistoryEvent end = first(history, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    var failure = end.getWorkflowExecutionFailedEventAttributes().getFailure();
    assertEquals("Encoded failure", failure.getMessage());
    assertEquals("Refused", failure.getApplicationFailureInfo().getType());
  }
}
