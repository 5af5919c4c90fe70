package dev.rewind.api.rollbacks.planning;

import dev.rewind.catalog.ServiceEnvironment;
import dev.rewind.workflows.StrategyId;

/**
 * What every database strategy needs from the catalog: the database, and the application's stop and
 * start commands (no host may write while the database changes, so the chain stops the application
 * on every host once, before its first change).
 */
final class DatabaseSections {
  private DatabaseSections() {}

  /** False, with the problems added, when {@code env} lacks what {@code strategy} needs. */
  static boolean check(StrategyId strategy, ServiceEnvironment env, CatalogProblems problems) {
    if (env.database() == null) {
      problems.lacks(strategy, "a database section");
      return false;
    }
    if (env.code() == null || env.code().stop() == null || env.code().start() == null) {
      problems.lacks(strategy, "code.stop and code.start (it stops the application first)");
      return false;
    }
    return true;
  }
}
