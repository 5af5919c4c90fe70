package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.web.FieldProblem;
import dev.rewind.workflows.StrategyId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chain a request asks for, {@code strategy} (a chain of one) or {@code strategies}, refused
 * with a problem of that field when it makes no sense: both or neither sent, an unknown id, the
 * same strategy twice, or the two strategies that both replace the database.
 */
final class ChainRequest {
  private ChainRequest() {}

  static List<StrategyId> read(RollbackRequest request, List<FieldProblem> problems) {
    boolean one = request.strategy() != null && !request.strategy().isBlank();
    if (one && request.strategies() != null) {
      problems.add(new FieldProblem("strategies", "send strategy or strategies, not both"));
      return List.of();
    }
    if (!one && request.strategies() == null) {
      problems.add(
          new FieldProblem(
              "strategy", "missing: send strategy (an id) or strategies ([...] for a chain)"));
      return List.of();
    }
    List<String> names = one ? List.of(request.strategy()) : request.strategies();
    String field = request.chainField();
    if (names.isEmpty()) {
      problems.add(new FieldProblem(field, "must name at least one strategy"));
    }
    List<StrategyId> chain = new ArrayList<>();
    for (String name : names) {
      StrategyId id = known(name, field, problems);
      if (id != null && chain.contains(id)) {
        problems.add(
            new FieldProblem(field, "names " + id + " twice: a chain runs each strategy once"));
      } else if (id != null) {
        chain.add(id);
      }
    }
    if (chain.contains(StrategyId.MIGRATION_ROLLBACK)
        && chain.contains(StrategyId.BACKUP_RESTORE)) {
      problems.add(
          new FieldProblem(
              field,
              "migration-rollback and backup-restore both take the database back: a chain holds"
                  + " one of them"));
    }
    return chain;
  }

  private static StrategyId known(String name, String field, List<FieldProblem> problems) {
    if (name == null || name.isBlank()) {
      problems.add(new FieldProblem(field, "must not hold an empty strategy id"));
      return null;
    }
    return StrategyId.find(name)
        .orElseGet(
            () -> {
              problems.add(
                  new FieldProblem(
                      field,
                      "unknown strategy \""
                          + name
                          + "\" (available: "
                          + String.join(
                              ", ", Arrays.stream(StrategyId.values()).map(StrategyId::id).toList())
                          + ")"));
              return null;
            });
  }
}
