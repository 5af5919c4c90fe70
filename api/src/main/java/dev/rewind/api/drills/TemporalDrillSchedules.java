package dev.rewind.api.drills;

import dev.rewind.api.rollbacks.TemporalCalls;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.workflows.RewindSearchAttributes;
import dev.rewind.workflows.TaskQueues;
import dev.rewind.workflows.drill.DrillWorkflow;
import io.grpc.Status.Code;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Drills as Temporal Schedules: the action starts a {@link DrillWorkflow} on {@code rewind-control}
 * with the drill's names, its workflow id the drill's (Temporal appends the time of each run); the
 * schedule's note and memo and the run's summary and details say what it is in the Schedules page,
 * and both carry the rollbacks' RewindService, RewindEnvironment and RewindStrategy attributes. A
 * run never overlaps another (SKIP), and a run missed by more than an hour (Temporal down) is not
 * made up.
 */
@Component
class TemporalDrillSchedules implements DrillSchedules {
  static final Duration CATCHUP = Duration.ofHours(1);

  private final ScheduleClient schedules;

  TemporalDrillSchedules(WorkflowServiceStubs stubs, WorkflowClient client) {
    this.schedules =
        ScheduleClient.newInstance(
            stubs,
            ScheduleClientOptions.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setDataConverter(client.getOptions().getDataConverter())
                .setIdentity("rewind-api")
                .build());
  }

  @Override
  public void create(Drill drill) {
    Schedule schedule =
        Schedule.newBuilder()
            .setAction(
                ScheduleActionStartWorkflow.newBuilder()
                    .setWorkflowType(DrillWorkflow.class)
                    .setArguments(drill.input())
                    .setOptions(
                        WorkflowOptions.newBuilder()
                            .setWorkflowId(drill.id())
                            .setTaskQueue(TaskQueues.CONTROL)
                            .setStaticSummary(drill.summary())
                            // Describing a schedule reads the details whenever there is a
                            // summary (SDK 1.38): without them it fails on an empty payload.
                            .setStaticDetails(details(drill))
                            .setTypedSearchAttributes(attributes(drill))
                            .build())
                    .build())
            .setSpec(drill.schedule().spec())
            .setPolicy(
                SchedulePolicy.newBuilder()
                    .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                    .setCatchupWindow(CATCHUP)
                    .build())
            .setState(
                ScheduleState.newBuilder()
                    .setPaused(drill.paused())
                    .setNote(drill.summary())
                    .build())
            .build();
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put("service", drill.service());
    memo.put("environment", drill.environment());
    memo.put("strategies", String.join("+", drill.strategies()));
    memo.put("severity", drill.severity());
    memo.put("createdBy", drill.createdBy());
    try {
      schedules.createSchedule(
          drill.id(),
          schedule,
          ScheduleOptions.newBuilder()
              .setMemo(memo)
              .setTypedSearchAttributes(attributes(drill))
              .build());
    } catch (RuntimeException e) {
      if (drill.schedule().cron() != null
          && TemporalCalls.code(e).orElse(null) == Code.INVALID_ARGUMENT) {
        throw new InvalidRequestException("cron", "Temporal does not accept it: " + e.getMessage());
      }
      throw TemporalCalls.unavailable("the drill was not created, try again", e);
    }
  }

  @Override
  public Optional<Status> describe(String drillId) {
    ScheduleDescription found;
    try {
      found = schedules.getHandle(drillId).describe();
    } catch (RuntimeException e) {
      if (TemporalCalls.code(e).orElse(null) == Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw TemporalCalls.unavailable("could not read the drill's schedule", e);
    }
    List<String> running =
        found.getInfo().getRunningActions().stream()
            .filter(ScheduleActionExecutionStartWorkflow.class::isInstance)
            .map(a -> ((ScheduleActionExecutionStartWorkflow) a).getWorkflowId())
            .toList();
    boolean paused = found.getSchedule().getState().isPaused();
    List<Instant> next = found.getInfo().getNextActionTimes();
    return Optional.of(new Status(paused || next.isEmpty() ? null : next.get(0), paused, running));
  }

  @Override
  public void trigger(String drillId) {
    try {
      schedules.getHandle(drillId).trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    } catch (RuntimeException e) {
      throw TemporalCalls.unavailable("the drill was not started, try again", e);
    }
  }

  @Override
  public void delete(String drillId) {
    try {
      schedules.getHandle(drillId).delete();
    } catch (RuntimeException e) {
      if (TemporalCalls.code(e).orElse(null) != Code.NOT_FOUND) {
        throw TemporalCalls.unavailable("the drill's schedule was not deleted, try again", e);
      }
    }
  }

  /** RewindService, RewindEnvironment and RewindStrategy, as a rollback of the service has them. */
  private static SearchAttributes attributes(Drill drill) {
    return SearchAttributes.newBuilder()
        .set(RewindSearchAttributes.SERVICE, drill.service())
        .set(RewindSearchAttributes.ENVIRONMENT, drill.environment())
        .set(RewindSearchAttributes.STRATEGY, String.join("+", drill.strategies()))
        .build();
  }

  /** The run's details in the Temporal UI: what a run does, and who created the drill. */
  private static String details(Drill drill) {
    return ("Each run asks rewind-api to roll %s %s back to its known-good version, then forward"
            + " again to the version it ran (two rollbacks in the ledger, requested by %s),"
            + " records both legs against the %s SLA and announces drill-result. Created by %s.")
        .formatted(
            drill.service(), drill.environment(), drill.id(), drill.severity(), drill.createdBy());
  }
}
