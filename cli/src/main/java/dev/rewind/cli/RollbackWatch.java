package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows a rollback until it ends or escalates: prints each step as it starts and as it ends, the
 * status as it changes and the watch's checks, then the final status, whose exit code it answers.
 * The api restarting on the way is waited out, up to {@link #PATIENCE}.
 */
final class RollbackWatch {
  static final Duration PATIENCE = Duration.ofSeconds(60);

  private final ApiClient api;
  private final PrintWriter out;
  private final Duration every;
  private final Map<String, String> shown = new HashMap<>();
  private String status;
  private String watch;

  RollbackWatch(ApiClient api, PrintWriter out, Duration every) {
    this.api = api;
    this.out = out;
    this.every = every;
  }

  int follow(String id) {
    long unreachableSince = 0;
    while (true) {
      JsonNode rollback;
      try {
        rollback = api.get("/rollbacks/" + ApiClient.query(id));
        unreachableSince = 0;
      } catch (CliFailure failure) {
        if (failure.exitCode != ExitCodes.UNREACHABLE) {
          throw failure;
        }
        unreachableSince = unreachableSince == 0 ? System.nanoTime() : unreachableSince;
        if (System.nanoTime() - unreachableSince > PATIENCE.toNanos()) {
          throw failure;
        }
        rollback = null;
      }
      if (rollback != null && show(rollback)) {
        return ExitCodes.of(status);
      }
      pause();
    }
  }

  /** Prints what changed since the last answer; true once the rollback ended or escalated. */
  boolean show(JsonNode rollback) {
    String now = rollback.path("status").asText();
    if (!now.equals(status)) {
      status = now;
      out.println(
          "status "
              + now
              + (rollback.hasNonNull("attempt") ? " (attempt " + rollback.get("attempt") + ")" : "")
              + (rollback.hasNonNull("detail") ? " — " + rollback.get("detail").asText() : ""));
    }
    int index = 0;
    for (JsonNode step : rollback.path("steps")) {
      index++;
      String key = step.path("name").asText() + "|" + step.path("target").asText() + "|" + index;
      String state = step.path("status").asText() + "|" + step.path("attempt").asInt();
      if (!state.equals(shown.put(key, state))) {
        out.println(StepLine.of(index, step));
      }
    }
    showWatch(rollback.path("watch"));
    boolean ended = ExitCodes.endsWatch(now);
    if (ended) {
      out.println(
          rollback.path("id").asText()
              + " "
              + now
              + (rollback.hasNonNull("outcome") ? ": " + rollback.get("outcome").asText() : ""));
    }
    out.flush();
    return ended;
  }

  private void showWatch(JsonNode w) {
    if (w.isMissingNode() || w.isNull()) {
      return;
    }
    String line =
        "watch: "
            + w.path("checks").asInt()
            + " checks, "
            + w.path("failures").asInt()
            + " failed, "
            + w.path("consecutiveFailures").asInt()
            + " in a row; ends "
            + w.path("endsAt").asText();
    if (!line.equals(watch)) {
      watch = line;
      out.println(line);
    }
  }

  private void pause() {
    try {
      Thread.sleep(every.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCodes.UNREACHABLE, "interrupted while watching");
    }
  }
}
