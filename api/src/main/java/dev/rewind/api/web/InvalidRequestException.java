package dev.rewind.api.web;

import java.util.List;

/** A request that cannot be carried out as sent; answered 400 with every problem found. */
public class InvalidRequestException extends RuntimeException {
  private final List<FieldProblem> problems;

  public InvalidRequestException(List<FieldProblem> problems) {
    super(String.join("; ", problems.stream().map(FieldProblem::toString).toList()));
    this.problems = List.copyOf(problems);
  }

  public InvalidRequestException(String field, String message) {
    this(List.of(new FieldProblem(field, message)));
  }

  public List<FieldProblem> problems() {
    return problems;
  }
}
