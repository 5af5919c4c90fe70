package dev.rewind.activities.host;

import java.util.Map;

/**
 * The environment a command runs with, locally and over SSH: {@code PATH}, {@code HOME} and {@code
 * LANG} only. The worker's own environment holds database passwords and Temporal credentials; a
 * catalog command has no business seeing them.
 */
final class MinimalEnvironment {
  static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
  static final String DEFAULT_LANG = "C.UTF-8";

  private MinimalEnvironment() {}

  /** PATH, HOME and LANG taken from {@code worker}'s environment, with defaults. */
  static Map<String, String> of(Map<String, String> worker) {
    return Map.of(
        "PATH", worker.getOrDefault("PATH", DEFAULT_PATH),
        "HOME", worker.getOrDefault("HOME", "/"),
        "LANG", worker.getOrDefault("LANG", DEFAULT_LANG));
  }
}
