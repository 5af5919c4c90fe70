package dev.rewind.workflows.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Key files for the tests: fresh random keys under the given ids, first line encrypting. */
final class KeyFiles {
  private static final SecureRandom random = new SecureRandom();

  private KeyFiles() {}

  static String line(String keyId) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return keyId + "=" + Base64.getEncoder().encodeToString(key);
  }

  /** Writes {@code lines} to {@code file}, readable by its owner only, as a key file should be. */
  static Path write(Path file, String... lines) {
    try {
      Files.writeString(file, String.join("\n", lines) + "\n");
      return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
