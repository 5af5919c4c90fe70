package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** A dry run's answer as text: the summary, each step with its compensation, approvals, checks. */
final class DryRunText {
  private DryRunText() {}

  static void print(JsonNode answer, PrintWriter out) {
    out.println("dry run: " + answer.path("summary").asText() + " (nothing started)");
    int number = 0;
    for (JsonNode step : answer.path("steps")) {
      number++;
      String line = String.format("[%2d] %s", number, step.path("name").asText());
      if (!step.path("target").asText().isEmpty()) {
        line += " @ " + step.get("target").asText();
      }
      if (!step.path("compensation").asText().isEmpty()) {
        line += "  (undo: " + step.get("compensation").asText() + ")";
      }
      out.println(line);
    }
    if (!answer.path("approvals").isEmpty()) {
      out.println("approvals: " + String.join(", ", texts(answer.path("approvals"))));
    }
    for (JsonNode check : answer.path("preconditions")) {
      out.println(
          (check.path("holds").asBoolean() ? "ok   " : "FAIL ")
              + check.path("check").asText()
              + (check.path("detail").asText().isEmpty()
                  ? ""
                  : ": " + check.get("detail").asText()));
    }
  }

  private static java.util.List<String> texts(JsonNode array) {
    java.util.List<String> all = new java.util.ArrayList<>();
    array.forEach(item -> all.add(item.asText()));
    return all;
  }
}
