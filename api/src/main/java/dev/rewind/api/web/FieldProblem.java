package dev.rewind.api.web;

/** One thing wrong with a request, tied to the JSON field (or path parameter) at fault. */
public record FieldProblem(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
