package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rewind status <id>}: a rollback's steps and status; {@code --watch} follows it until it
 * ends or escalates. Exits with the status's code (0 while it is still under way).
 */
@Command(
    name = "status",
    description = {
      "A rollback's steps and status; --watch follows it to its end or escalation.",
      "Exits 0 SUCCEEDED or under way, 10 FAILED, 11 ESCALATED, 12 ABORTED."
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "The rollback id.")
  String id;

  @Mixin WatchOptions watching;

  @Override
  public Integer call() {
    Rewind rewind = Rewind.of(spec);
    RollbackWatch follow = watching.watcher(rewind);
    if (watching.watch) {
      return follow.follow(id);
    }
    JsonNode rollback = rewind.api().get("/rollbacks/" + ApiClient.query(id));
    rewind.print(rollback, () -> follow.show(rollback));
    return ExitCodes.of(rollback.path("status").asText());
  }
}
