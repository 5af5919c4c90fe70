package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code rewind}: Rewind's REST API for operators and pipelines. Each subcommand is one call (or,
 * with {@code --watch}, a call and then the rollback followed to its end); the exit code says how
 * it went ({@link ExitCodes}).
 */
@Command(
    name = "rewind",
    mixinStandardHelpOptions = true,
    version = "rewind 0.1.0",
    description = "Durable, orchestrated rollbacks: record deployments, assess, roll back, follow.",
    subcommands = {
      DeployCommand.class,
      AssessCommand.class,
      RollbackCommand.class,
      StatusCommand.class,
      ListCommand.class,
      ReportCommand.class,
      DrillsCommand.class,
      ActionCommands.Approve.class,
      ActionCommands.Abort.class,
      ActionCommands.Retry.class,
      ActionCommands.Resolve.class
    },
    footerHeading = "%nConfiguration and exit codes:%n",
    footer = {
      "REWIND_URL (default " + ClientConfig.DEFAULT_URL + ") and REWIND_TOKEN, or url= and token=",
      "in REWIND_CONFIG or ~/.config/rewind/config.",
      "0 done (with --watch: SUCCEEDED) · 1 unexpected error · 2 usage or configuration",
      "3 refused by the api (4xx) · 4 api unreachable or failing (5xx)",
      "10 FAILED · 11 ESCALATED · 12 ABORTED"
    })
public final class Rewind {
  private final Map<String, String> env;
  private final Path home;
  private ApiClient api;

  @Spec CommandSpec spec;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print the api's JSON answers as they are, instead of text.")
  boolean json;

  Rewind(Map<String, String> env, Path home) {
    this.env = env;
    this.home = home;
  }

  public static void main(String[] args) {
    System.exit(run(System.getenv(), Path.of(System.getProperty("user.home")), args));
  }

  static int run(Map<String, String> env, Path home, String... args) {
    return commandLine(env, home).execute(args);
  }

  static CommandLine commandLine(Map<String, String> env, Path home) {
    CommandLine line = new CommandLine(new Rewind(env, home));
    line.setExecutionExceptionHandler(
        (e, failed, parsed) -> {
          if (e instanceof CliFailure failure) {
            failed.getErr().println("rewind: " + failure.getMessage());
            failed.getErr().flush();
            return failure.exitCode;
          }
          throw e;
        });
    return line;
  }

  /** The root command of {@code spec}'s tree, where the connection and the output mode live. */
  static Rewind of(CommandSpec spec) {
    return (Rewind) spec.root().userObject();
  }

  ApiClient api() {
    if (api == null) {
      api = new ApiClient(ClientConfig.load(env, home));
    }
    return api;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Prints {@code answer} as JSON when asked to, else runs {@code text}. */
  void print(JsonNode answer, Runnable text) {
    if (json) {
      out().println(answer.toPrettyString());
    } else {
      text.run();
    }
    out().flush();
  }
}
