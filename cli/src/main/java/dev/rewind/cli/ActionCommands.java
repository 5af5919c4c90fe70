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
 * What an approver or an operator tells a rollback: approve, abort, retry, resolve. Each is
 * recorded in the api's ledger under the token's identity before the workflow is told.
 */
final class ActionCommands {
  private ActionCommands() {}

  /** One action: {@code POST /rollbacks/<id>/<action>} with a small body, its answer printed. */
  abstract static class Action implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The rollback id.")
    String id;

    abstract String action();

    abstract Map<String, Object> body();

    @Override
    public Integer call() {
      Rewind rewind = Rewind.of(spec);
      JsonNode answer =
          rewind.api().post("/rollbacks/" + ApiClient.query(id) + "/" + action(), body());
      rewind.print(
          answer,
          () ->
              rewind
                  .out()
                  .println(
                      id
                          + ": "
                          + action()
                          + " recorded"
                          + (answer.has("signalled") && !answer.get("signalled").asBoolean()
                              ? " (the workflow reads it from the ledger within a minute)"
                              : "")));
      return ExitCodes.OK;
    }

    static Map<String, Object> of(String field, String value) {
      Map<String, Object> body = new LinkedHashMap<>();
      Bodies.putIfSet(body, field, value);
      return body;
    }
  }

  @Command(name = "approve", description = "Approve a rollback as dba or manager.")
  static final class Approve extends Action {
    @Option(names = "--kind", required = true, description = "dba or manager.")
    String kind;

    @Option(names = "--comment")
    String comment;

    @Override
    String action() {
      return "approvals";
    }

    @Override
    Map<String, Object> body() {
      Map<String, Object> body = of("kind", kind);
      Bodies.putIfSet(body, "comment", comment);
      return body;
    }
  }

  @Command(name = "abort", description = "Abort: undo what the chain did, end ABORTED.")
  static final class Abort extends Action {
    @Option(
        names = {"-r", "--reason"},
        required = true)
    String reason;

    @Override
    String action() {
      return "abort";
    }

    @Override
    Map<String, Object> body() {
      return of("reason", reason);
    }
  }

  @Command(name = "retry", description = "Retry an escalated rollback.")
  static final class Retry extends Action {
    @Option(names = "--note")
    String note;

    @Override
    String action() {
      return "retry";
    }

    @Override
    Map<String, Object> body() {
      return of("note", note);
    }
  }

  @Command(name = "resolve", description = "Resolve: fixed by hand, end SUCCEEDED.")
  static final class Resolve extends Action {
    @Option(names = "--note", required = true)
    String note;

    @Override
    String action() {
      return "resolve";
    }

    @Override
    Map<String, Object> body() {
      return of("note", note);
    }
  }
}
