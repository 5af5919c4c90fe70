package dev.rewind.activities.database;

import io.temporal.activity.Activity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a dump as {@code sha256sum} prints it, heartbeating while large files are read. A
 * directory dump's checksum covers every file in it, in name order: it is the SHA-256 of the lines
 * {@code sha256sum} prints for them, so {@code cd <dir> && LC_ALL=C sha256sum * | sha256sum} gives
 * the same digest.
 */
final class Checksums {
  private static final int BUFFER = 1 << 20;
  private static final long HEARTBEAT_EVERY = 256L << 20;

  private Checksums() {}

  static String sha256(Path dump, String phase) throws IOException {
    Progress progress = new Progress(phase);
    if (!Files.isDirectory(dump)) {
      return sha256(dump, progress);
    }
    MessageDigest listing = digest();
    for (Path file : Manifests.files(dump)) {
      String line = sha256(file, progress) + "  " + file.getFileName() + "\n";
      listing.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(listing.digest());
  }

  private static String sha256(Path file, Progress progress) throws IOException {
    MessageDigest digest = digest();
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        progress.add(n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Bytes read so far across a dump's files, heartbeated every {@link #HEARTBEAT_EVERY}. */
  private static final class Progress {
    private final String phase;
    private long done;
    private long next = HEARTBEAT_EVERY;

    Progress(String phase) {
      this.phase = phase;
    }

    void add(int n) {
      done += n;
      if (done >= next) {
        Activity.getExecutionContext().heartbeat(new TransferProgress(phase, done));
        next += HEARTBEAT_EVERY;
      }
    }
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
