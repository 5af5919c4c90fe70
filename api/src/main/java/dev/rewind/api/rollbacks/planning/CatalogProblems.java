package dev.rewind.api.rollbacks.planning;

import dev.rewind.api.web.FieldProblem;
import dev.rewind.workflows.StrategyId;
import java.util.List;

/**
 * Collects what a chain needs and the catalog entry of {@code service} in {@code environment}
 * lacks, each as a problem of the request's chain field ({@code strategy} or {@code strategies}).
 */
public record CatalogProblems(
    String service, String environment, String chainField, List<FieldProblem> problems) {

  /** "{@code strategy} needs {@code what} in services.{service}.{environment} of the catalog". */
  public void lacks(StrategyId strategy, String what) {
    problems.add(
        new FieldProblem(
            chainField,
            strategy.id()
                + " needs "
                + what
                + " in services."
                + service
                + "."
                + environment
                + " of the catalog"));
  }
}
