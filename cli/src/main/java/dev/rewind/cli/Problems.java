package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** An RFC 9457 problem answer in one line: status, title, detail and the fields it names. */
final class Problems {
  private Problems() {}

  static String describe(int status, String body) {
    JsonNode problem;
    try {
      problem = ApiClient.JSON.readTree(body);
    } catch (IOException notJson) {
      problem = null;
    }
    if (problem == null || !problem.isObject()) {
      return "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
    }
    StringBuilder line = new StringBuilder("HTTP " + status);
    if (problem.hasNonNull("title")) {
      line.append(" ").append(problem.get("title").asText());
    }
    if (problem.hasNonNull("detail")) {
      line.append(": ").append(problem.get("detail").asText());
    }
    if (problem.hasNonNull("activeRollback")) {
      line.append(" (active rollback: ").append(problem.get("activeRollback").asText()).append(")");
    }
    return line.toString();
  }

  private static String abbreviate(String text) {
    String one = text.strip().replaceAll("\\s+", " ");
    return one.length() > 300 ? one.substring(0, 300) + "…" : one;
  }
}
