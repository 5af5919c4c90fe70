package dev.rewind.workflows.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  static Path write(Path file, String... lines) {
    try {
      return Files.writeString(file, String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
