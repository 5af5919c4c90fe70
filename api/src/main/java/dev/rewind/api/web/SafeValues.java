package dev.rewind.api.web;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The shapes of values that reach a target: a version is an image tag, a git ref and, through the
 * catalog's placeholders, a whole argv element; so is a migration name. None may start with {@code
 * -} (a command would read it as an option) or {@code .}. The same rules hold for what a request
 * sends and for what the registry recorded, which is checked again when a plan uses it.
 */
public final class SafeValues {
  /** A name in the catalog (service, environment, host): its reader's rule. */
  public static final String NAME = "[a-z0-9][a-z0-9_-]{0,62}";

  public static final String NAME_MESSAGE =
      "must be a catalog name: 1 to 63 of a-z, 0-9, '_' or '-', starting with a letter or digit";

  /** A rollback id, the workflow id: {@code rollback-<environment>-<service>-<time>-<4 chars>}. */
  public static final String ROLLBACK_ID = "rollback-[a-z0-9._-]{1,200}";

  /**
   * Free text (reasons, notes, comments): anything but NUL, which PostgreSQL cannot store in text.
   */
  public static final String TEXT = "[^\\x00]*";

  public static final String TEXT_MESSAGE = "must not contain NUL characters";

  /** Docker's tag grammar: a letter, digit or '_' first, then up to 127 of [A-Za-z0-9._-]. */
  public static final String VERSION = "[A-Za-z0-9_][A-Za-z0-9._-]{0,127}";

  public static final String VERSION_MESSAGE =
      "must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter, digit or '_'";
  public static final String MIGRATION_MESSAGE =
      "must be a migration name: 1 to 128 letters, digits, '.', '_' or '-', starting with a"
          + " letter, digit or '_'";
  public static final String GIT_SHA = "[0-9a-fA-F]{7,40}";
  public static final String GIT_SHA_MESSAGE = "must be a commit sha: 7 to 40 hexadecimal digits";

  /**
   * An absolute path of plain characters, no {@code ..} anywhere and no newline, so it cannot climb
   * out of the catalog's {@code database.backupDir} or smuggle anything into a command line.
   */
  public static final String BACKUP = "/(?!.*\\.\\.)[A-Za-z0-9._+@=,/-]{1,1023}";

  public static final String BACKUP_MESSAGE =
      "must be an absolute path of letters, digits and ._+@=,/- without \"..\"";

  private static final Pattern VERSION_PATTERN = Pattern.compile(VERSION);
  private static final Pattern GIT_SHA_PATTERN = Pattern.compile(GIT_SHA);
  private static final Pattern BACKUP_PATTERN = Pattern.compile(BACKUP);

  private SafeValues() {}

  public static boolean isVersion(String value) {
    return value != null && VERSION_PATTERN.matcher(value).matches();
  }

  public static boolean isGitSha(String value) {
    return value != null && GIT_SHA_PATTERN.matcher(value).matches();
  }

  public static boolean isBackupPath(String value) {
    return value != null && BACKUP_PATTERN.matcher(value).matches();
  }

  /**
   * Whether {@code path} (a {@link #BACKUP}) lies inside {@code dir}: {@code dir/x.dump} does,
   * {@code dir} itself and {@code dir-old/x.dump} do not.
   */
  public static boolean isUnder(String dir, String path) {
    java.nio.file.Path base = java.nio.file.Path.of(dir).normalize();
    java.nio.file.Path file = java.nio.file.Path.of(path).normalize();
    return file.startsWith(base) && !file.equals(base);
  }

  /**
   * A value recorded in the registry before these rules (or by hand), checked where a plan takes
   * it: a problem for {@code field} naming where it came from, unless it is safe.
   */
  public static void checkRecorded(
      String field,
      String value,
      boolean safe,
      String message,
      String source,
      List<FieldProblem> problems) {
    if (value != null && !safe) {
      problems.add(new FieldProblem(field, source + " is \"" + value + "\", which " + message));
    }
  }
}
