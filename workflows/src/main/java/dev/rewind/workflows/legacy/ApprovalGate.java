package dev.rewind.workflows.legacy;

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
 * The wait for approvals before a rollback's first destructive step (runbook 002: a database
 * rollback needs a DBA and a manager). Every required kind must be approved, each by a different
 * identity: the same person approving twice counts once, and one person cannot be both the DBA and
 * the manager. Approvals that arrive before the wait are kept; once given, later attempts do not
 * wait again. The wait is a durable timer: when it runs out, the rollback ends ABORTED with nothing
 * changed.
 */
final class ApprovalGate {
  /** The approvals did not arrive within the plan's timeout: nothing was changed. */
  static final String APPROVAL_TIMEOUT = "ApprovalTimeout";

  private final List<Approval> received = new ArrayList<>();
  private final StepJournal journal;
  private final Consumer<RollbackStatus> status;
  private final Consumer<String> abort;
  private boolean granted;

  /**
   * @param status sets the rollback's status (AWAITING_APPROVAL while waiting, RUNNING after)
   * @param abort ends the rollback ABORTED with the given outcome once the attempt unwinds
   */
  ApprovalGate(StepJournal journal, Consumer<RollbackStatus> status, Consumer<String> abort) {
    this.journal = journal;
    this.status = status;
    this.abort = abort;
  }

  /** Keeps an approval; the timeline shows who approved in the "await approvals" step. */
  void receive(Approval approval) {
    received.add(approval);
  }

  /**
   * Returns once every kind in {@code required} is approved by distinct identities; throws a
   * non-retryable {@link #APPROVAL_TIMEOUT} (after asking the workflow to end ABORTED) when the
   * timeout passes first.
   */
  void await(List<String> required, Duration timeout) {
    if (granted || required.isEmpty()) {
      return;
    }
    String kinds = String.join(" + ", required);
    if (assignment(required) == null) {
      status.accept(RollbackStatus.AWAITING_APPROVAL);
    }
    String detail =
        journal.run(
            "await approvals",
            kinds + " within " + timeout.toMinutes() + " min",
            () -> {
              boolean given = Workflow.await(timeout, () -> assignment(required) != null);
              if (!given) {
                String why =
                    "aborted: no approval by "
                        + String.join(", ", missing(required))
                        + " within "
                        + timeout.toMinutes()
                        + " min; nothing was changed";
                abort.accept(why);
                throw ApplicationFailure.newNonRetryableFailure(why, APPROVAL_TIMEOUT);
              }
              return describe(assignment(required));
            });
    granted = true;
    status.accept(RollbackStatus.RUNNING);
    Workflow.getLogger(ApprovalGate.class).info("approved: {}", detail);
  }

  /** Kind → identity with every required kind approved by a different person, or null. */
  private Map<String, String> assignment(List<String> required) {
    return assign(required, 0, new LinkedHashMap<>());
  }

  // Few kinds and few approvals: a plain search finds a matching if there is one, where a greedy
  // pick could miss it (X approves dba and manager, Y approves dba: Y dba, X manager).
  private Map<String, String> assign(List<String> kinds, int next, Map<String, String> chosen) {
    if (next == kinds.size()) {
      return new HashMap<>(chosen);
    }
    String kind = kinds.get(next);
    for (Approval a : received) {
      if (a.kind().equals(kind) && !chosen.containsValue(a.identity())) {
        chosen.put(kind, a.identity());
        Map<String, String> found = assign(kinds, next + 1, chosen);
        chosen.remove(kind);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private List<String> missing(List<String> required) {
    List<String> missing = new ArrayList<>();
    for (String kind : required) {
      if (received.stream().noneMatch(a -> a.kind().equals(kind))) {
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
