package dev.rewind.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import dev.rewind.workflows.RollbackPlan.EscalationPolicy;
import dev.rewind.workflows.core.Notice;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rollback announces its events to the targets the worker routes them to, beside its own steps:
 * each delivery is a step, deliveries to one target keep the events' order, a target that always
 * fails costs the rollback nothing, and a P0 rollback still waiting after 15 minutes breaches its
 * SLA.
 */
class NotificationsWorkflowTest {
  @RegisterExtension static final TestWorkflowExtension testWorkflow = Workers.extension();

  private Workers w;
  private final List<String> delivered = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start(TestWorkflowEnvironment env, WorkflowClient client) {
    w = new Workers(env, client);
    when(w.notify.routes(any()))
        .thenReturn(
            Map.of(
                "approval-requested", List.of("team"),
                "started", List.of("team", "dead"),
                "succeeded", List.of("team", "dead"),
                "sla-breached", List.of("oncall")));
    when(w.notify.deliver(any(), anyString(), any()))
        .thenAnswer(
            call -> {
              String target = call.getArgument(1);
              Notice notice = call.getArgument(2);
              if (target.equals("dead")) {
                throw new IllegalStateException("connection refused");
              }
              delivered.add(target + " " + notice.event());
              return "HTTP 200";
            });
  }

  private static RollbackPlan p0NeedingApprovals() {
    return p0NeedingApprovals(null);
  }

  private static RollbackPlan p0NeedingApprovals(RollbackPlan.Detection detection) {
    RollbackPlan p =
        Plans.of(Plans.BACKUP_RESTORE).withDatabase().approvals("dba", "manager").plan();
    return new RollbackPlan(
        p.service(),
        p.environment(),
        p.versions(),
        p.reason(),
        p.requestedBy(),
        p.topology(),
        p.approvals(),
        new EscalationPolicy(15, "P0", 15),
        p.watch(),
        p.strategies(),
        detection);
  }

  @Test
  void eventsReachTheirRoutedTargetsInOrderAndABreachedSlaIsAnnounced() {
    RollbackWorkflow rollback = w.start(p0NeedingApprovals());
    w.await(rollback, RollbackStatus.AWAITING_APPROVAL);
    w.env.sleep(Duration.ofMinutes(16));
    when(w.ledger.approvals(Plans.ROLLBACK_ID))
        .thenReturn(
            List.of(new Approval("dba", "dana", null), new Approval("manager", "max", null)));
    rollback.approve(new Approval("manager", "max", null));

    RollbackState end = w.result();

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.outcome());
    assertEquals(
        // started once the approvals let the first attempt go on
        List.of("team approval-requested", "oncall sla-breached", "team started", "team succeeded"),
        delivered);
    assertTrue(
        end.steps().stream()
            .anyMatch(s -> s.name().equals("SLA breached") && s.target().contains("P0")),
        end.steps().toString());
    StepRecord dead =
        end.steps().stream()
            .filter(s -> s.name().equals("notify started") && s.target().equals("dead"))
            .findFirst()
            .orElseThrow();
    assertEquals(StepStatus.FAILED, dead.status(), dead.toString());
    StepRecord team =
        end.steps().stream()
            .filter(s -> s.name().equals("notify succeeded") && s.target().equals("team"))
            .findFirst()
            .orElseThrow();
    assertEquals(StepStatus.SUCCEEDED, team.status(), team.toString());
    assertEquals("HTTP 200", team.detail());
  }

  @Test
  void theSlaCountsFromTheDetectionNotFromTheWorkflowsStart() {
    long detected = w.env.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    RollbackWorkflow rollback =
        w.start(p0NeedingApprovals(new RollbackPlan.Detection(detected, null)));
    w.await(rollback, RollbackStatus.AWAITING_APPROVAL);
    w.env.sleep(Duration.ofMinutes(4));
    assertTrue(rollback.state().steps().stream().noneMatch(s -> s.name().equals("SLA breached")));
    w.env.sleep(Duration.ofMinutes(2));

    StepRecord breach =
        rollback.state().steps().stream()
            .filter(s -> s.name().equals("SLA breached"))
            .findFirst()
            .orElseThrow();
    // 15 minutes after the detection: 5 after the workflow started
    long at = breach.startedAt() - detected;
    assertTrue(
        at >= Duration.ofMinutes(15).toMillis() && at < Duration.ofMinutes(16).toMillis(),
        breach.toString());
  }

  @Test
  void aRollbackWithoutApprovalsAnnouncesStartedAsItsFirstAttemptBegins() {
    w.start(Plans.of(Plans.BACKUP_RESTORE).withDatabase().plan());

    RollbackState end = w.result();

    assertEquals(RollbackStatus.SUCCEEDED, end.status(), end.outcome());
    assertEquals(List.of("team started", "team succeeded"), delivered);
  }

  @Test
  void aRollbackWithoutSeverityHasNoSlaClock() {
    RollbackWorkflow rollback =
        w.start(Plans.of(Plans.BACKUP_RESTORE).withDatabase().approvals("dba").plan());
    w.await(rollback, RollbackStatus.AWAITING_APPROVAL);
    w.env.sleep(Duration.ofMinutes(20));
    when(w.ledger.approvals(eq(Plans.ROLLBACK_ID)))
        .thenReturn(List.of(new Approval("dba", "dana", null)));
    rollback.approve(new Approval("dba", "dana", null));

    RollbackState end = w.result();

    assertTrue(end.steps().stream().noneMatch(s -> s.name().equals("SLA breached")));
    assertTrue(delivered.stream().noneMatch(d -> d.contains("sla-breached")), delivered.toString());
  }
}
