package dev.rewind.activities.catalog;

import dev.rewind.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Values from the plan, validated again at the moment of use. The api validated them when it made
 * the plan, but anyone who reaches Temporal can start a workflow by hand: a worker never lets a
 * value become an option, a second argument, or a path outside the catalog's directories. A value
 * that fails is a non-retryable {@link FailureTypes#INVALID_VALUE} before anything runs.
 */
public final class PlanValues {
  /** Image tags, versions and target migrations: never an option, never a path. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private static final Pattern GIT_SHA = Pattern.compile("[0-9a-fA-F]{7,40}");
  private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,64}");
  private static final Pattern RETIRE_SUFFIX = Pattern.compile("[a-z0-9]{4}");
  private static final Pattern FLAG_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern SNAPSHOT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

  /** A branch recorded by {@code recordHead}, read back from history before a checkout of it. */
  private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._/-]{0,250}");

  private PlanValues() {}

  /** An image tag, version or target migration: {@code [A-Za-z0-9._-]{1,128}}, no leading '-'. */
  public static String name(String what, String value) {
    if (value == null || !NAME.matcher(value).matches() || value.startsWith("-")) {
      throw invalid(what, value, "[A-Za-z0-9._-], 1 to 128 characters, not starting with '-'");
    }
    return value;
  }

  /** A feature flag's name: {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}. */
  public static String flagName(String name) {
    return matching(
        "flag name", name, FLAG_NAME, "[A-Za-z0-9._-], 1 to 128, starting with a letter or digit");
  }

  public static String imageTag(String tag) {
    return name("image tag", tag);
  }

  public static String gitSha(String sha) {
    return matching("git sha", sha, GIT_SHA, "7 to 40 hexadecimal digits");
  }

  public static String containerId(String id) {
    return matching("container id", id, CONTAINER_ID, "12 to 64 lower-case hexadecimal digits");
  }

  public static String retireSuffix(String suffix) {
    return matching("retire suffix", suffix, RETIRE_SUFFIX, "4 lower-case letters or digits");
  }

  public static String snapshotId(String id) {
    return matching(
        "snapshot id", id, SNAPSHOT_ID, "[A-Za-z0-9._-], starting with a letter or digit");
  }

  /** A branch name of a recorded HEAD, or null (detached). */
  public static String branch(String branch) {
    if (branch == null) {
      return null;
    }
    matching("branch", branch, BRANCH, "a branch name, not starting with '-'");
    if (branch.contains("..") || branch.endsWith(".lock") || branch.endsWith("/")) {
      throw invalid("branch", branch, "a branch name git accepts");
    }
    return branch;
  }

  /**
   * A file that must lie under one of {@code dirs} (the catalog's, absolute; null entries are
   * skipped): absolute, without {@code ..} or control characters, under a directory once
   * normalised, and, when it exists, still under it once symbolic links are resolved.
   */
  public static Path confined(String what, String file, String... dirs) {
    if (file == null
        || !file.startsWith("/")
        || file.chars().anyMatch(Character::isISOControl)
        || containsDotDot(file)) {
      throw invalid(what, file, "an absolute path without '..' or control characters");
    }
    Path path = Path.of(file).normalize();
    for (String dir : dirs) {
      if (dir != null && under(path, Path.of(dir).normalize())) {
        return path;
      }
    }
    List<String> declared = Arrays.stream(dirs).filter(Objects::nonNull).toList();
    throw invalid(what, file, "a file under " + String.join(" or ", declared));
  }

  private static boolean containsDotDot(String file) {
    for (String part : file.split("/")) {
      if (part.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private static boolean under(Path path, Path dir) {
    if (!path.startsWith(dir) || path.equals(dir)) {
      return false;
    }
    try {
      return !Files.exists(path) || path.toRealPath().startsWith(dir.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private static String matching(String what, String value, Pattern rule, String described) {
    if (value == null || !rule.matcher(value).matches()) {
      throw invalid(what, value, described);
    }
    return value;
  }

  /** A value refused where it was about to be used: nothing was run. */
  public static ApplicationFailure invalid(String what, String value, String rule) {
    return ApplicationFailure.newNonRetryableFailure(
        "invalid " + what + " " + shown(value) + ": must be " + rule + "; nothing was run",
        FailureTypes.INVALID_VALUE);
  }

  private static String shown(String value) {
    if (value == null) {
      return "(none)";
    }
    String escaped = value.replaceAll("\\p{Cntrl}", "?");
    return "\"" + (escaped.length() <= 80 ? escaped : escaped.substring(0, 80) + "…") + "\"";
  }
}
