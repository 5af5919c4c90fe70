package dev.rewind.workflows;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Running a rollback in a test environment the way the api does: a {@link TestWorkflowExtension}
 * knowing Rewind's search attributes (started by the test once its workers are registered), a typed
 * stub with the plan's id, attributes and summary, and waiting for a state or the result with time
 * skipping.
 */
final class Rollbacks {
  private Rollbacks() {}

  static TestWorkflowExtension extension() {
    return TestWorkflowExtension.newBuilder()
        .setDoNotStart(true)
        .registerSearchAttribute("RewindService", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("RewindEnvironment", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("RewindStrategy", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute("RewindStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .build();
  }

  static RollbackWorkflow stub(WorkflowClient client, RollbackPlan plan) {
    return client.newWorkflowStub(
        RollbackWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(Plans.ROLLBACK_ID)
            .setTaskQueue(TaskQueues.CONTROL)
            .setTypedSearchAttributes(RewindSearchAttributes.initial(plan))
            .setStaticSummary(plan.summary())
            .build());
  }

  /** Starts the rollback without waiting for it. */
  static RollbackWorkflow start(WorkflowClient client, RollbackPlan plan) {
    RollbackWorkflow rollback = stub(client, plan);
    WorkflowClient.start(rollback::rollback, plan);
    return rollback;
  }

  /** Polls the {@code state} query, 100 ms of test time apart, until {@code condition} holds. */
  static RollbackState awaitState(
      TestWorkflowEnvironment env, RollbackWorkflow rollback, Predicate<RollbackState> condition) {
    return awaitState(env, rollback, condition, Duration.ofMillis(100));
  }

  /** Polls the {@code state} query 600 times, {@code step} of test time apart. */
  static RollbackState awaitState(
      TestWorkflowEnvironment env,
      RollbackWorkflow rollback,
      Predicate<RollbackState> condition,
      Duration step) {
    for (int i = 0; i < 600; i++) {
      RollbackState state = rollback.state();
      if (condition.test(state)) {
        return state;
      }
      env.sleep(step);
    }
    throw new AssertionError("state never reached: " + rollback.state());
  }

  static RollbackState awaitStatus(
      TestWorkflowEnvironment env, RollbackWorkflow rollback, RollbackStatus status) {
    return awaitState(env, rollback, s -> s.status() == status);
  }

  /** Waits for the result; time skips over the workflow's timers meanwhile. */
  static RollbackState resultOf(RollbackWorkflow rollback) {
    return WorkflowStub.fromTyped(rollback).getResult(RollbackState.class);
  }

  /** The steps named {@code name}, in the order they ran. */
  static List<StepRecord> steps(RollbackState state, String name) {
    return state.steps().stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The last value the workflow gave its {@code RewindStatus} search attribute. */
  static String statusAttribute(TestWorkflowEnvironment env) {
    return env.getWorkflowClient().fetchHistory(Plans.ROLLBACK_ID).getEvents().stream()
        .filter(e -> e.hasUpsertWorkflowSearchAttributesEventAttributes())
        .reduce((first, second) -> second)
        .map(
            e ->
                e.getUpsertWorkflowSearchAttributesEventAttributes()
                    .getSearchAttributes()
                    .getIndexedFieldsMap()
                    .get("RewindStatus")
                    .getData()
                    .toStringUtf8()
                    .replace("\"", ""))
        .orElse("PLANNED");
  }
}
