package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rewind list}: rollbacks from the ledger, newest first, optionally filtered. */
@Command(name = "list", description = "Rollbacks from the ledger, newest first.")
final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--service")
  String service;

  @Option(names = "--environment")
  String environment;

  @Option(names = "--status", description = "e.g. RUNNING, ESCALATED, SUCCEEDED.")
  String status;

  @Option(names = "--limit", defaultValue = "20", description = "At most this many (1-500).")
  int limit;

  @Override
  public Integer call() {
    StringBuilder query = new StringBuilder("/rollbacks?limit=").append(limit);
    append(query, "service", service);
    append(query, "environment", environment);
    append(query, "status", status);
    Rewind rewind = Rewind.of(spec);
    JsonNode list = rewind.api().get(query.toString());
    rewind.print(list, () -> list.forEach(r -> rewind.out().println(line(r))));
    return ExitCodes.OK;
  }

  private static void append(StringBuilder query, String name, String value) {
    if (value != null) {
      query.append('&').append(name).append('=').append(ApiClient.query(value));
    }
  }

  private static String line(JsonNode r) {
    return String.format(
        "%-11s %s %s %s → %s  %s  by %s at %s",
        r.path("status").asText(),
        r.path("id").asText(),
        r.path("strategy").asText(),
        r.path("fromVersion").asText("?"),
        r.path("toVersion").asText("?"),
        r.path("reason").asText(),
        r.path("requestedBy").asText(),
        r.path("requestedAt").asText());
  }
}
