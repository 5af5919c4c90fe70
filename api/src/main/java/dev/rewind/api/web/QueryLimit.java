package dev.rewind.api.web;

/**
 * A list's {@code ?limit=}, read as sent: Spring would take an empty {@code limit=} for the
 * default, which the OpenAPI document (an integer) does not allow.
 */
public final class QueryLimit {
  public static final int DEFAULT = 50;
  public static final int MAX = 500;
  public static final String MESSAGE = "must be an integer between 1 and " + MAX;

  private QueryLimit() {}

  /**
   * {@link #DEFAULT} when absent; the value when it is an integer from 1 to {@link #MAX}; else 0.
   */
  public static int parse(String raw) {
    if (raw == null) {
      return DEFAULT;
    }
    if (!raw.matches("[0-9]{1,3}")) {
      return 0;
    }
    int limit = Integer.parseInt(raw);
    return limit <= MAX ? limit : 0;
  }
}
