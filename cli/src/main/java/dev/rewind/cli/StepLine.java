package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One step of a rollback in one line: its number, status, name, target, attempt, how long it took
 * once ended, and its short detail.
 */
final class StepLine {
  private StepLine() {}

  static String of(int number, JsonNode step) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                "[%2d] %-9s %s", number, step.path("status").asText(), step.path("name").asText()));
    if (step.hasNonNull("target") && !step.get("target").asText().isEmpty()) {
      line.append(" @ ").append(step.get("target").asText());
    }
    if (step.path("attempt").asInt() > 1) {
      line.append(" (attempt ").append(step.get("attempt").asInt()).append(')');
    }
    took(step).ifPresent(d -> line.append(String.format(" %.1fs", d.toMillis() / 1000.0)));
    String detail = step.hasNonNull("detail") ? step.get("detail").asText().strip() : "";
    if (!detail.isEmpty()) {
      line.append(" — ").append(detail.replaceAll("\\s+", " "));
    }
    return line.toString();
  }

  private static java.util.Optional<Duration> took(JsonNode step) {
    if (!step.hasNonNull("startedAt") || !step.hasNonNull("endedAt")) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(
          Duration.between(
              Instant.parse(step.get("startedAt").asText()),
              Instant.parse(step.get("endedAt").asText())));
    } catch (DateTimeParseException notAnInstant) {
      return java.util.Optional.empty();
    }
  }
}
