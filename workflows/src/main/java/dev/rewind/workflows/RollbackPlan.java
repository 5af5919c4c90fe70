package dev.rewind.workflows;

import java.util.List;

/**
 * A rollback as the api resolved it from the request, the registry and the catalog: a header (what,
 * from which version to which, why, who asked, where it runs, approvals, escalation, the watch) and
 * the ordered chain of strategies, run as one saga. It is the workflow's input and is kept in its
 * history, so it holds names and validated values only: every command, address, path and secret is
 * resolved by the worker from its own catalog, and a worker whose catalog entry has another digest
 * ({@link Topology#catalogDigest()}) refuses to act.
 */
public record RollbackPlan(
    String service,
    String environment,
    Versions versions,
    String reason,
    String requestedBy,
    Topology topology,
    ApprovalPolicy approvals,
    EscalationPolicy escalation,
    WatchPolicy watch,
    List<StrategyPlan> strategies,
    Detection detection) {

  /** A plan without its detection: a plan recorded before it was kept, or a test's. */
  public RollbackPlan(
      String service,
      String environment,
      Versions versions,
      String reason,
      String requestedBy,
      Topology topology,
      ApprovalPolicy approvals,
      EscalationPolicy escalation,
      WatchPolicy watch,
      List<StrategyPlan> strategies) {
    this(
        service,
        environment,
        versions,
        reason,
        requestedBy,
        topology,
        approvals,
        escalation,
        watch,
        strategies,
        null);
  }

  /**
   * When the incident was detected, the start of the SLA clock and of the report's timeline: the
   * time the api accepted the request or, for a rollback an assessment started, the assessment's
   * time, which then comes along ({@code assessment}, else null).
   */
  public record Detection(long atMillis, Assessment assessment) {}

  /** The assessment (runbooks 001, 002, 004) that started the rollback: decision, severity, why. */
  public record Assessment(String decision, String severity, List<String> reasons) {}

  /** The detection's time, or {@code otherwise} for a plan recorded before it was kept. */
  public long detectedAt(long otherwise) {
    return detection == null ? otherwise : detection.atMillis();
  }

  /** From which version to which; {@code fromDeployment} is the registry entry rolled back from. */
  public record Versions(String from, String to, Long fromDeployment) {}

  /**
   * Approval kinds ({@code dba}, {@code manager}), each from a different identity, waited for
   * before the first destructive step, at most {@code timeoutMinutes}. Empty: none needed.
   */
  public record ApprovalPolicy(List<String> required, int timeoutMinutes) {
    public static final ApprovalPolicy NONE = new ApprovalPolicy(List.of(), 0);
  }

  /**
   * After two failed attempts: a P0 to the catalog's escalation targets, repeated while waiting.
   * {@code severity} (P0..P3, null: not given) sets the SLA: the rollback must have ended {@code
   * slaMinutes} after the incident's {@link Detection} (older plans: after the workflow started),
   * or the breach is announced ({@code sla-breached}); 0: no SLA.
   */
  public record EscalationPolicy(int renotifyMinutes, String severity, int slaMinutes) {
    public EscalationPolicy(int renotifyMinutes) {
      this(renotifyMinutes, null, 0);
    }
  }

  /**
   * After the chain succeeded, the health URL of every host is polled every {@code everySeconds}
   * for {@code minutes}; {@code failures} consecutive failures escalate. {@code minutes} 0: none.
   */
  public record WatchPolicy(int minutes, int everySeconds, int failures) {
    public static final WatchPolicy NONE = new WatchPolicy(0, 30, 3);

    public boolean enabled() {
      return minutes > 0;
    }
  }

  public List<StrategyId> strategyIds() {
    return strategies.stream().map(StrategyPlan::id).toList();
  }

  /** True when a strategy of the chain changes the database (the application is stopped once). */
  public boolean touchesDatabase() {
    return strategies.stream().anyMatch(s -> s.id().touchesDatabase());
  }

  /** The one-line summary shown in the Temporal UI. */
  public String summary() {
    String chain = String.join(" + ", strategyIds().stream().map(StrategyId::id).toList());
    String from = versions.from() == null ? "current" : versions.from();
    String watching = watch.enabled() ? ", watch " + watch.minutes() + " min" : "";
    return chain
        + " "
        + service
        + " "
        + environment
        + " "
        + from
        + " → "
        + versions.to()
        + watching;
  }
}
