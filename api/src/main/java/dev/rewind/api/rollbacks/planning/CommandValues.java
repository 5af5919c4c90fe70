package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.web.FieldProblem;
import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.StrategyId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workers fill the catalog's placeholders ({@code {version}}, {@code {gitSha}}, {@code
 * {targetMigration}}) from the plan; here the api only refuses a chain whose catalog commands need
 * a value the chain does not give: {@code {gitSha}} comes with code-revert, {@code
 * {targetMigration}} with migration-rollback, {@code {version}} and {@code {host}} always.
 */
final class CommandValues {
  private static final Map<String, StrategyId> GIVEN_BY =
      Map.of(
          "{gitSha}", StrategyId.CODE_REVERT, "{targetMigration}", StrategyId.MIGRATION_ROLLBACK);

  private CommandValues() {}

  static void check(Planning planning, List<FieldProblem> problems) {
    List<StrategyId> chain = planning.chain();
    commandsRun(planning.env(), chain)
        .forEach(
            (key, argv) ->
                GIVEN_BY.forEach(
                    (placeholder, strategy) -> {
                      if (!chain.contains(strategy)
                          && argv.stream().anyMatch(a -> a.contains(placeholder))) {
                        problems.add(
                            new FieldProblem(
                                planning.request().chainField(),
                                "the catalog's "
                                    + key
                                    + " uses "
                                    + placeholder
                                    + ", which only "
                                    + strategy
                                    + " gives"));
                      }
                    }));
  }

  /** The catalog commands this chain runs, by catalog key. */
  private static Map<String, List<String>> commandsRun(
      ServiceEnvironment env, List<StrategyId> chain) {
    Map<String, List<String>> run = new LinkedHashMap<>();
    if (env.maintenance() != null) {
      run.put("maintenance.on", env.maintenance().on());
      run.put("maintenance.off", env.maintenance().off());
    }
    boolean database = chain.stream().anyMatch(StrategyId::touchesDatabase);
    boolean code = chain.contains(StrategyId.CODE_REVERT);
    ServiceEnvironment.Code c = env.code();
    if (c != null && (database || code)) {
      putIfSet(run, "code.stop", c.stop());
      putIfSet(run, "code.start", c.start());
    }
    if (c != null && code) {
      putIfSet(run, "code.reinstall", c.reinstall());
    }
    ServiceEnvironment.Database db = env.database();
    if (db != null && chain.contains(StrategyId.MIGRATION_ROLLBACK)) {
      putIfSet(run, "database.migrateDown", db.migrateDown());
    }
    if (db != null && codeAfterDatabase(chain)) {
      putIfSet(run, "database.migrate", db.migrate());
    }
    return run;
  }

  /** Runbook 000 step 6: the catalog's migrate runs when code is reverted after the database. */
  private static boolean codeAfterDatabase(List<StrategyId> chain) {
    int code = chain.indexOf(StrategyId.CODE_REVERT);
    return code > 0 && chain.subList(0, code).stream().anyMatch(StrategyId::touchesDatabase);
  }

  private static void putIfSet(Map<String, List<String>> run, String key, List<String> argv) {
    if (argv != null) {
      run.put(key, argv);
    }
  }
}
