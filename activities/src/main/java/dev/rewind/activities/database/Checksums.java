package dev.rewind.activities.database;

import io.temporal.activity.Activity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a file as {@code sha256sum} prints it, heartbeating while large files are read. */
final class Checksums {
  private static final int BUFFER = 1 << 20;
  private static final long HEARTBEAT_EVERY = 256L << 20;

  private Checksums() {}

  static String sha256(Path file, String phase) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[BUFFER];
    long done = 0;
    long next = HEARTBEAT_EVERY;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        done += n;
        if (done >= next) {
          Activity.getExecutionContext().heartbeat(new TransferProgress(phase, done));
          next += HEARTBEAT_EVERY;
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * The checksum written beside a backup ({@code <file>.sha256}, as {@code sha256sum} writes it:
   * the hex digest first), or null when there is none.
   */
  static String expected(Path file) throws IOException {
    Path sidecar = file.resolveSibling(file.getFileName() + ".sha256");
    if (!Files.isRegularFile(sidecar)) {
      return null;
    }
    String text = Files.readString(sidecar).strip();
    int space = text.indexOf(' ');
    return (space < 0 ? text : text.substring(0, space)).toLowerCase();
  }
}
