package dev.rewind.api.rollbacks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a rollback request, compared when an Idempotency-Key comes back. It is taken
 * of the parsed request, so whitespace and field order do not make a body "different".
 */
final class RequestHash {
  private RequestHash() {}

  static String of(RollbackRequest r) {
    String canonical =
        String.join(
            "\u0000",
            String.valueOf(r.service()),
            String.valueOf(r.environment()),
            String.valueOf(r.strategy()),
            String.valueOf(r.targetVersion()),
            String.valueOf(r.currentVersion()),
            String.valueOf(r.reason()),
            String.valueOf(r.monitorMinutes()),
            String.valueOf(r.isDryRun()));
    // the database fields came later: requests without them keep the fingerprint they had
    if (r.targetMigration() != null || r.backup() != null || r.allowStaleBackup() != null) {
      canonical +=
          String.join(
              "\u0000",
              "",
              String.valueOf(r.targetMigration()),
              String.valueOf(r.backup()),
              String.valueOf(r.allowsStaleBackup()));
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
