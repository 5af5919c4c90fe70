package dev.rewind.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rewind report <id>}: the rollback's incident report, in Markdown. */
@Command(name = "report", description = "The incident report of a rollback (Markdown).")
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "The rollback id.")
  String id;

  @Override
  public Integer call() {
    Rewind rewind = Rewind.of(spec);
    rewind.out().print(rewind.api().getText("/rollbacks/" + ApiClient.query(id) + "/report"));
    rewind.out().flush();
    return ExitCodes.OK;
  }
}
