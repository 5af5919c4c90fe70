package dev.rewind.api.assessments;

import dev.rewind.api.catalog.CatalogLookup;
import dev.rewind.api.deployments.Deployment;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.api.rollbacks.RollbackStarter;
import dev.rewind.api.rollbacks.planning.RollbackRequest;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.RollbackPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * An assessment: the decision matrix on what the operator sees, the chain from what the registry
 * says changed, the deadline from the severity, and on request the rollback started with the
 * assessment as its reason (so it is in the ledger and the incident report).
 */
@Service
class Assessor {
  static final int MAX_REASON = 2000;

  private final CatalogLookup catalog;
  private final DeploymentRegistry registry;
  private final RollbackStarter starter;

  Assessor(CatalogLookup catalog, DeploymentRegistry registry, RollbackStarter starter) {
    this.catalog = catalog;
    this.registry = registry;
    this.starter = starter;
  }

  AssessmentResponse assess(AssessmentRequest request, String requestedBy) {
    List<FieldProblem> problems = new ArrayList<>();
    ServiceEnvironment env = catalog.find(request.service(), request.environment(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    Symptoms symptoms = request.symptoms();
    Verdict verdict = DecisionMatrix.decide(symptoms);
    Deployment current = registry.current(request.service(), request.environment()).orElse(null);
    Deployment good = registry.knownGood(request.service(), request.environment()).orElse(null);
    StrategyChoice.Chain chain = StrategyChoice.of(current, good, env, symptoms.dataCorruption());
    List<String> reasons = new ArrayList<>(verdict.reasons());
    reasons.addAll(chain.reasons());
    boolean quickFix = verdict.decision() == Decision.FIX_FORWARD && verdict.severity().urgent();
    Duration left =
        quickFix
            ? Duration.ofMinutes(symptoms.fixForwardMinutes())
            : env.sla().of(verdict.severity().name());
    String timeline =
        quickFix
            ? "fix forward within " + symptoms.fixForwardMinutes() + " min, else roll back"
            : verdict.severity().timeline();
    Instant now = Instant.now();
    RollbackStarter.Started started = null;
    if (request.starts()) {
      if (verdict.decision() != Decision.ROLLBACK) {
        reasons.add("not started: the decision is " + verdict.decision());
      } else if (chain.strategies().isEmpty()) {
        reasons.add("not started: no strategy follows from the registry");
      } else {
        // the incident counts as detected now, when it was assessed: the SLA clock starts
        RollbackPlan.Assessment assessment =
            new RollbackPlan.Assessment(
                verdict.decision().name(), verdict.severity().name(), List.copyOf(reasons));
        started =
            starter.start(
                rollbackRequest(request, verdict, chain, current, good, reasons),
                requestedBy,
                assessment,
                null);
      }
    }
    return new AssessmentResponse(
        request.service(),
        request.environment(),
        verdict.decision(),
        verdict.severity(),
        left == null ? null : now.plus(left),
        timeline,
        chain.ids(),
        current == null ? null : current.version(),
        good == null ? null : good.version(),
        List.copyOf(reasons),
        started);
  }

  private static RollbackRequest rollbackRequest(
      AssessmentRequest request,
      Verdict verdict,
      StrategyChoice.Chain chain,
      Deployment current,
      Deployment good,
      List<String> reasons) {
    return RollbackRequest.chain(
        request.service(),
        request.environment(),
        chain.ids(),
        good.version(),
        current.version(),
        reason(request.reason(), verdict, reasons),
        verdict.severity().name());
  }

  /** The rollback's reason: the caller's words, then the assessment, within the ledger's limit. */
  static String reason(String why, Verdict verdict, List<String> reasons) {
    String text =
        (why == null || why.isBlank() ? "" : why.strip() + " — ")
            + "assessment: "
            + verdict.decision()
            + " "
            + verdict.severity()
            + "; "
            + String.join("; ", reasons);
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
  }
}
