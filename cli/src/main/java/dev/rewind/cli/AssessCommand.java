package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rewind assess <service> <env>}: the runbooks' decision matrix ({@code POST /assessments}):
 * roll back, fix forward or monitor, the severity, the deadline and the strategies for what
 * changed; {@code --start} starts the recommended rollback.
 */
@Command(
    name = "assess",
    description = "Roll back, fix forward or monitor? The runbooks' decision matrix.")
final class AssessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "Service, as named in the catalog.")
  String service;

  @Parameters(index = "1", description = "Environment of the service.")
  String environment;

  @Option(names = "--users-affected", required = true, description = "Percent of users (0-100).")
  double usersAffectedPercent;

  @Option(names = "--data-risk", required = true, description = "NONE, LOW, MEDIUM or HIGH.")
  String dataRisk;

  @Option(names = "--error-rate", description = "Error rate in percent since the deployment.")
  Double errorRatePercent;

  @Option(names = "--performance-degradation", description = "Slower by this many percent.")
  Double performanceDegradationPercent;

  @Option(names = "--fix-forward-minutes", description = "How long a fix forward would take.")
  Integer fixForwardMinutes;

  @Option(names = "--security-issue", description = "The deployment introduced a vulnerability.")
  boolean securityIssue;

  @Option(names = "--data-corruption", description = "Data corruption or loss was detected.")
  boolean dataCorruption;

  @Option(names = "--start", description = "Start the recommended rollback when it says ROLLBACK.")
  boolean start;

  @Option(
      names = {"-r", "--reason"},
      description = "With --start: why, for the ledger and the incident report.")
  String reason;

  @Override
  public Integer call() {
    Rewind rewind = Rewind.of(spec);
    JsonNode answer = rewind.api().post("/assessments", body());
    rewind.print(answer, () -> print(answer, rewind));
    return ExitCodes.OK;
  }

  private Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service", service);
    body.put("environment", environment);
    body.put("usersAffectedPercent", usersAffectedPercent);
    body.put("dataRisk", dataRisk);
    Bodies.putIfSet(body, "errorRatePercent", errorRatePercent);
    Bodies.putIfSet(body, "performanceDegradationPercent", performanceDegradationPercent);
    Bodies.putIfSet(body, "fixForwardMinutes", fixForwardMinutes);
    Bodies.putIfSet(body, "securityIssue", securityIssue ? Boolean.TRUE : null);
    Bodies.putIfSet(body, "dataCorruption", dataCorruption ? Boolean.TRUE : null);
    Bodies.putIfSet(body, "start", start ? Boolean.TRUE : null);
    Bodies.putIfSet(body, "reason", reason);
    return body;
  }

  private static void print(JsonNode answer, Rewind rewind) {
    var out = rewind.out();
    out.println(
        answer.path("decision").asText()
            + " "
            + answer.path("severity").asText()
            + " — "
            + answer.path("timeline").asText()
            + (answer.hasNonNull("deadline")
                ? " (by " + answer.get("deadline").asText() + ")"
                : ""));
    if (!answer.path("strategies").isEmpty()) {
      StringBuilder chain = new StringBuilder("strategies:");
      answer.path("strategies").forEach(s -> chain.append(' ').append(s.asText()));
      out.println(chain);
    }
    answer.path("reasons").forEach(r -> out.println("- " + r.asText()));
    if (answer.hasNonNull("rollback")) {
      RollbackCommand.accepted(answer.get("rollback"), rewind);
    }
  }
}
