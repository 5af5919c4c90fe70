package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rewind deploy record|list}: the deployment registry the known-good version comes from. */
@Command(
    name = "deploy",
    description = "Record a deployment, or list what was deployed.",
    subcommands = {DeployCommand.Record.class, DeployCommand.History.class})
final class DeployCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand: record or list");
  }

  @Command(name = "record", description = "Record what the pipeline just deployed.")
  static final class Record implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "Service, as named in the catalog.")
    String service;

    @Parameters(index = "1", description = "Environment of the service.")
    String environment;

    @Option(names = "--version", required = true, description = "The version deployed.")
    String version;

    @Option(names = "--git-sha", description = "The commit deployed.")
    String gitSha;

    @Option(names = "--image", description = "The image deployed: <catalog image>:<version>.")
    String image;

    @Option(names = "--migration", description = "The newest database migration it applied.")
    String migration;

    @Option(
        names = "--backup",
        description =
            "The pg_dump -Fc file (or -Fd directory) taken just before, under database.backupDir.")
    String backup;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("service", service);
      body.put("environment", environment);
      body.put("version", version);
      Bodies.putIfSet(body, "gitSha", gitSha);
      Bodies.putIfSet(body, "image", image);
      Bodies.putIfSet(body, "migration", migration);
      Bodies.putIfSet(body, "backup", backup);
      Rewind rewind = Rewind.of(spec);
      JsonNode recorded = rewind.api().post("/deployments", body);
      rewind.print(recorded, () -> rewind.out().println("recorded " + line(recorded)));
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "What was deployed, newest first.")
  static final class History implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0")
    String service;

    @Parameters(index = "1")
    String environment;

    @Option(names = "--limit", defaultValue = "20", description = "At most this many (1-500).")
    int limit;

    @Override
    public Integer call() {
      Rewind rewind = Rewind.of(spec);
      JsonNode history =
          rewind
              .api()
              .get(
                  "/services/"
                      + ApiClient.query(service)
                      + "/environments/"
                      + ApiClient.query(environment)
                      + "/deployments?limit="
                      + limit);
      rewind.print(history, () -> history.forEach(d -> rewind.out().println(line(d))));
      return ExitCodes.OK;
    }
  }

  /** One registry entry: id, service, environment, version, what it is made of, status. */
  static String line(JsonNode d) {
    StringBuilder s =
        new StringBuilder()
            .append('#')
            .append(d.path("id").asText())
            .append(' ')
            .append(d.path("service").asText())
            .append(' ')
            .append(d.path("environment").asText())
            .append(' ')
            .append(d.path("version").asText());
    for (String field : new String[] {"gitSha", "image", "migration", "backup"}) {
      if (d.hasNonNull(field)) {
        s.append(' ').append(field).append('=').append(d.get(field).asText());
      }
    }
    return s.append(' ')
        .append(d.path("status").asText())
        .append(" (")
        .append(d.path("source").asText())
        .append(", ")
        .append(d.path("recordedAt").asText())
        .append(')')
        .toString();
  }
}
