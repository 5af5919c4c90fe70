package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rewind drills create|list|run|delete}: scheduled rollback drills in non-production
 * environments (Temporal Schedules), each run rolling back to known-good and forward again.
 */
@Command(
    name = "drills",
    description = "Scheduled rollback drills: back to known-good and forward again.",
    subcommands = {
      DrillsCommand.Create.class,
      DrillsCommand.ListDrills.class,
      DrillsCommand.Run.class,
      DrillsCommand.Delete.class
    })
final class DrillsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** {@code rewind drills} alone: which subcommands there are. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(name = "create", description = "Schedule a drill (role operator).")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The service, as named in the catalog.")
    String service;

    @Parameters(index = "1", description = "A non-production environment of it.")
    String environment;

    @Option(
        names = {"-s", "--strategy"},
        required = true,
        description = "A strategy of the chain; repeat for a chain, in order.")
    List<String> strategies;

    @ArgGroup(multiplicity = "1")
    When when;

    static final class When {
      @Option(names = "--every", description = "An interval: 90d, 12h, 30m.")
      String every;

      @Option(names = "--cron", description = "5 fields, UTC: \"0 3 1 */3 *\".")
      String cron;
    }

    @Option(names = "--severity", description = "The SLA measured against: P0..P3 (default P1).")
    String severity;

    @Option(names = "--paused", description = "Create it paused: it runs only when run.")
    boolean paused;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("service", service);
      body.put("environment", environment);
      body.put("strategies", strategies);
      Bodies.putIfSet(body, "every", when.every);
      Bodies.putIfSet(body, "cron", when.cron);
      Bodies.putIfSet(body, "severity", severity);
      if (paused) {
        body.put("paused", true);
      }
      Rewind rewind = Rewind.of(spec);
      JsonNode drill = rewind.api().post("/drills", body);
      rewind.print(drill, () -> lines(rewind, drill));
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "Drills with their schedule, next run and past runs.")
  static final class ListDrills implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--service")
    String service;

    @Option(names = "--environment")
    String environment;

    @Override
    public Integer call() {
      StringBuilder query = new StringBuilder("/drills");
      char separator = '?';
      for (String[] filter : new String[][] {{"service", service}, {"environment", environment}}) {
        if (filter[1] != null) {
          query.append(separator).append(filter[0]).append('=').append(ApiClient.query(filter[1]));
          separator = '&';
        }
      }
      Rewind rewind = Rewind.of(spec);
      JsonNode drills = rewind.api().get(query.toString());
      rewind.print(drills, () -> drills.forEach(d -> lines(rewind, d)));
      return ExitCodes.OK;
    }
  }

  @Command(name = "run", description = "Run a drill now (role operator).")
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The drill id.")
    String id;

    @Override
    public Integer call() {
      Rewind rewind = Rewind.of(spec);
      JsonNode drill = rewind.api().post("/drills/" + ApiClient.query(id) + "/run", Map.of());
      rewind.print(
          drill, () -> rewind.out().println(id + ": started; follow it with rewind drills list"));
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Delete a drill and its schedule (role operator).")
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The drill id.")
    String id;

    @Override
    public Integer call() {
      Rewind rewind = Rewind.of(spec);
      JsonNode answer = rewind.api().delete("/drills/" + ApiClient.query(id));
      rewind.print(answer, () -> rewind.out().println(id + ": deleted"));
      return ExitCodes.OK;
    }
  }

  /** The drill on one line, then one line per run, newest first. */
  static void lines(Rewind rewind, JsonNode d) {
    JsonNode schedule = d.path("schedule");
    String when =
        d.hasNonNull("every")
            ? "every " + d.path("every").asText()
            : "cron " + d.path("cron").asText();
    String state =
        schedule.isMissingNode() || schedule.isNull()
            ? "schedule unknown"
            : schedule.path("paused").asBoolean()
                ? "paused"
                : "next " + schedule.path("nextRun").asText("-");
    rewind
        .out()
        .println(
            String.format(
                "%s  %s %s  %s  %s, %s SLA %d min  %s",
                d.path("id").asText(),
                d.path("service").asText(),
                d.path("environment").asText(),
                String.join("+", texts(d.path("strategies"))),
                when,
                d.path("severity").asText(),
                d.path("slaMinutes").asInt(),
                state));
    for (JsonNode run : d.path("runs")) {
      String took =
          run.hasNonNull("durationSeconds") ? run.path("durationSeconds").asLong() + " s" : "-";
      String sla =
          run.hasNonNull("slaMet")
              ? (run.path("slaMet").asBoolean() ? "SLA met" : "SLA MISSED")
              : "";
      rewind
          .out()
          .println(
              String.format(
                      "  %-7s %s  %s  back %s  forward %s  %s",
                      run.path("outcome").asText(),
                      run.path("startedAt").asText(),
                      took,
                      leg(run.path("back")),
                      leg(run.path("forward")),
                      sla)
                  .stripTrailing());
    }
  }

  private static String leg(JsonNode leg) {
    if (leg.isMissingNode() || leg.isNull()) {
      return "-";
    }
    String versions =
        leg.hasNonNull("fromVersion")
            ? leg.path("fromVersion").asText() + "→" + leg.path("toVersion").asText() + " "
            : "";
    String seconds = leg.hasNonNull("seconds") ? " " + leg.path("seconds").asLong() + " s" : "";
    String id = leg.hasNonNull("rollbackId") ? " (" + leg.path("rollbackId").asText() + ")" : "";
    return versions + leg.path("status").asText() + seconds + id;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new java.util.ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private DrillsCommand() {}
}
