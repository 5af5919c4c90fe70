package dev.rewind.api.drills;

import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.drill.DrillWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The drills' schedules for the api's tests, whose in-process Temporal has none: a run is the
 * drill's workflow started as its schedule's action would start it (the drill's input, its id plus
 * the time, on {@code rewind-control}), so it runs the real drill workflow against the api's own
 * ledger worker. The real schedules are tested end to end (DrillEndToEndIT).
 */
class InProcessSchedules implements DrillSchedules {
  private final WorkflowClient client;
  private final Map<String, Drill> schedules = new ConcurrentHashMap<>();
  private final Map<String, Instant> created = new ConcurrentHashMap<>();
  private final Map<String, List<String>> runs = new ConcurrentHashMap<>();

  InProcessSchedules(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public void create(Drill drill) {
    schedules.put(drill.id(), drill);
    created.put(drill.id(), Instant.now());
  }

  @Override
  public Optional<Status> describe(String drillId) {
    Drill drill = schedules.get(drillId);
    if (drill == null) {
      return Optional.empty();
    }
    List<String> running =
        runs.getOrDefault(drillId, List.of()).stream().filter(this::running).toList();
    Instant next =
        drill.paused() || drill.schedule().every() == null
            ? null
            : created.get(drillId).plus(DrillSchedule.interval(drill.schedule().every()));
    return Optional.of(new Status(next, drill.paused(), running));
  }

  @Override
  public void trigger(String drillId) {
    Drill drill = schedules.get(drillId);
    String workflowId = drillId + "-" + Instant.now();
    DrillWorkflow workflow =
        client.newWorkflowStub(
            DrillWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.CONTROL)
                .build());
    WorkflowClient.start(workflow::drill, drill.input());
    runs.computeIfAbsent(drillId, id -> new CopyOnWriteArrayList<>()).add(workflowId);
  }

  @Override
  public void delete(String drillId) {
    schedules.remove(drillId);
  }

  boolean exists(String drillId) {
    return schedules.containsKey(drillId);
  }

  private boolean running(String workflowId) {
    var execution =
        io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(workflowId).build();
    return client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(execution)
                    .build())
            .getWorkflowExecutionInfo()
            .getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }
}
