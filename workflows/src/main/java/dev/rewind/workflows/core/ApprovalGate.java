package dev.rewind.workflows.core;

import dev.rewind.workflows.Approval;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.RollbackPlan.ApprovalPolicy;
import dev.rewind.workflows.RollbackStatus;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The wait for approvals before a chain's first destructive step (runbook 002: a database rollback
 * needs a DBA and a manager). Approvals are true only in the api's ledger, which recorded each with
 * the identity of the token that gave it: the {@code approve} signal only wakes the gate, which
 * then reads the ledger; it also reads it every minute on its own, so an approval whose signal was
 * lost still counts. Every required kind must be approved, each by a different identity. Once
 * granted, later attempts do not wait again. The wait is a durable timer: when it runs out, the
 * rollback ends ABORTED with nothing changed.
 */
public final class ApprovalGate {
  static final Duration RECHECK = Duration.ofMinutes(1);

  private final StepJournal journal;
  private final RollbackLedger ledger;
  private final Consumer<RollbackStatus> status;
  private final Consumer<String> abort;
  private boolean woken;
  private boolean granted;

  /**
   * @param status sets the rollback's status (AWAITING_APPROVAL while waiting, RUNNING after)
   * @param abort ends the rollback ABORTED with the given outcome once the attempt unwinds
   */
  public ApprovalGate(
      StepJournal journal,
      RollbackLedger ledger,
      Consumer<RollbackStatus> status,
      Consumer<String> abort) {
    this.journal = journal;
    this.ledger = ledger;
    this.status = status;
    this.abort = abort;
  }

  /** An approval was recorded: read the ledger again. */
  public void wake() {
    woken = true;
  }

  /**
   * Returns once every required kind is approved in the ledger by distinct identities; throws a
   * non-retryable {@link FailureTypes#APPROVAL_TIMEOUT} (after asking the workflow to end ABORTED)
   * when the timeout passes first.
   */
  public void await(ApprovalPolicy policy) {
    List<String> required = policy.required();
    if (granted || required.isEmpty()) {
      return;
    }
    Duration timeout = Duration.ofMinutes(policy.timeoutMinutes());
    status.accept(RollbackStatus.AWAITING_APPROVAL);
    String detail =
        journal.run(
            "await approvals",
            String.join(" + ", required) + " within " + timeout.toMinutes() + " min",
            () -> waitFor(required, timeout));
    granted = true;
    status.accept(RollbackStatus.RUNNING);
    Workflow.getLogger(ApprovalGate.class).info(detail);
  }

  private String waitFor(List<String> required, Duration timeout) {
    long deadline = Workflow.currentTimeMillis() + timeout.toMillis();
    while (true) {
      // cleared before the read: a wake-up that arrives during it is kept for the next wait
      woken = false;
      List<Approval> recorded = ledger.approvals();
      Map<String, String> assignment = assign(required, recorded, 0, new LinkedHashMap<>());
      if (assignment != null) {
        return describe(assignment);
      }
      long left = deadline - Workflow.currentTimeMillis();
      if (left <= 0) {
        String why =
            "aborted: no approval by "
                + String.join(", ", missing(required, recorded))
                + " within "
                + timeout.toMinutes()
                + " min; nothing was changed";
        abort.accept(why);
        throw ApplicationFailure.newNonRetryableFailure(why, FailureTypes.APPROVAL_TIMEOUT);
      }
      Workflow.await(Duration.ofMillis(Math.min(left, RECHECK.toMillis())), () -> woken);
    }
  }

  // Few kinds and few approvals: a plain search finds a matching if there is one, where a greedy
  // pick could miss it (X approves dba and manager, Y approves dba: Y dba, X manager).
  private static Map<String, String> assign(
      List<String> kinds, List<Approval> recorded, int next, Map<String, String> chosen) {
    if (next == kinds.size()) {
      return new HashMap<>(chosen);
    }
    String kind = kinds.get(next);
    for (Approval a : recorded) {
      if (a.kind().equals(kind) && !chosen.containsValue(a.identity())) {
        chosen.put(kind, a.identity());
        Map<String, String> found = assign(kinds, recorded, next + 1, chosen);
        chosen.remove(kind);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static List<String> missing(List<String> required, List<Approval> recorded) {
    List<String> missing = new ArrayList<>();
    for (String kind : required) {
      if (recorded.stream().noneMatch(a -> a.kind().equals(kind))) {
        missing.add(kind);
      }
    }
    if (missing.isEmpty()) {
      missing.add(String.join(" and ", required) + " from different people");
    }
    return missing;
  }

  private static String describe(Map<String, String> assignment) {
    List<String> parts = new ArrayList<>();
    assignment.forEach((kind, who) -> parts.add(kind + " by " + who));
    parts.sort(String::compareTo);
    return "approved: " + String.join(", ", parts);
  }
}
