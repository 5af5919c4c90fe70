package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rewind rollback <service> <env>}: requests a rollback ({@code POST /rollbacks}), or with
 * {@code --dry-run} shows its plan; with {@code --watch} follows it to its end and exits with its
 * status's code.
 */
@Command(
    name = "rollback",
    description = {
      "Roll a service back; without --to, to the registry's known-good version.",
      "Exits 0 once accepted; with --watch, once SUCCEEDED (10 FAILED, 11 ESCALATED, 12 ABORTED)."
    })
final class RollbackCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "Service, as named in the catalog.")
  String service;

  @Parameters(index = "1", description = "Environment of the service.")
  String environment;

  @Option(
      names = {"-s", "--strategy"},
      description =
          "A strategy of the chain, in order; repeat for a chain (container-revert, code-revert,"
              + " migration-rollback, backup-restore).")
  List<String> strategies;

  @Option(
      names = {"-r", "--reason"},
      required = true,
      description = "Why: the ledger and the incident report keep it.")
  String reason;

  @Option(names = "--to", description = "Version to roll back to (default: known-good).")
  String targetVersion;

  @Option(names = "--from", description = "Version running now (default: the registry's).")
  String currentVersion;

  @Option(names = "--git-sha", description = "code-revert: the known-good commit.")
  String gitSha;

  @Option(names = "--mode", description = "code-revert: revert (default) or checkout.")
  String mode;

  @Option(names = "--target-migration", description = "migration-rollback: migrate down to this.")
  String targetMigration;

  @Option(
      names = "--backup",
      description = "backup-restore: the pg_dump -Fc file (or -Fd directory) to restore.")
  String backup;

  @Option(names = "--allow-stale-backup", description = "backup-restore: accept an old backup.")
  boolean allowStaleBackup;

  @Option(names = "--monitor-minutes", description = "Watch the health URL this long afterwards.")
  Integer monitorMinutes;

  @Option(names = "--idempotency-key", description = "Same key and body: the same rollback.")
  String idempotencyKey;

  @Option(names = "--dry-run", description = "Show the plan and the checks; start nothing.")
  boolean dryRun;

  @Mixin WatchOptions watching;

  @Override
  public Integer call() {
    Rewind rewind = Rewind.of(spec);
    Map<String, String> headers =
        idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
    JsonNode answer = rewind.api().post("/rollbacks", body(), headers);
    if (dryRun) {
      rewind.print(answer, () -> DryRunText.print(answer, rewind.out()));
      return ExitCodes.OK;
    }
    String id = answer.path("id").asText();
    rewind.print(answer, () -> accepted(answer, rewind));
    return watching.watch ? watching.watcher(rewind).follow(id) : ExitCodes.OK;
  }

  private Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service", service);
    body.put("environment", environment);
    if (strategies != null) {
      body.put("strategies", strategies);
    }
    body.put("reason", reason);
    Bodies.putIfSet(body, "targetVersion", targetVersion);
    Bodies.putIfSet(body, "currentVersion", currentVersion);
    Bodies.putIfSet(body, "gitSha", gitSha);
    Bodies.putIfSet(body, "mode", mode);
    Bodies.putIfSet(body, "targetMigration", targetMigration);
    Bodies.putIfSet(body, "backup", backup);
    Bodies.putIfSet(body, "allowStaleBackup", allowStaleBackup ? Boolean.TRUE : null);
    Bodies.putIfSet(body, "monitorMinutes", monitorMinutes);
    Bodies.putIfSet(body, "dryRun", dryRun ? Boolean.TRUE : null);
    return body;
  }

  static void accepted(JsonNode answer, Rewind rewind) {
    rewind.out().println(answer.path("id").asText() + " " + answer.path("status").asText());
    if (answer.hasNonNull("summary")) {
      rewind.out().println("  " + answer.get("summary").asText());
    }
    JsonNode ui = answer.path("links").path("temporalUi");
    if (!ui.isMissingNode() && !ui.isNull()) {
      rewind.out().println("  Temporal UI: " + ui.asText());
    }
  }
}
