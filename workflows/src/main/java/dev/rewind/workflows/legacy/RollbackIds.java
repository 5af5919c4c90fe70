package dev.rewind.workflows.legacy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;

/**
 * Rollback ids, which are also workflow ids: {@code
 * rollback-<environment>-<service>-<yyyyMMddHHmmss>-<4 chars>}.
 */
public final class RollbackIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

  private RollbackIds() {}

  public static String newId(
      String environment, String service, Instant now, RandomGenerator random) {
    StringBuilder suffix = new StringBuilder(4);
    for (int i = 0; i < 4; i++) {
      suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return "rollback-" + environment + "-" + service + "-" + STAMP.format(now) + "-" + suffix;
  }

  /** The last four characters of a rollback id: short enough for container names. */
  public static String suffix(String rollbackId) {
    return rollbackId.substring(Math.max(0, rollbackId.length() - 4));
  }
}
