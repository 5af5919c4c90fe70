package dev.rewind.activities.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Writes a backup set as a deployment pipeline would: {@code <backupDir>/<version>/} mirroring the
 * files' absolute paths, and a {@code SHA256SUMS} as {@code sha256sum} writes it, paths relative to
 * the set.
 */
public final class BackupSets {
  private BackupSets() {}

  public static Path write(Path backupDir, String version, Map<Path, String> files)
      throws IOException {
    Path set = backupDir.resolve(version);
    StringBuilder sums = new StringBuilder();
    for (Map.Entry<Path, String> file : files.entrySet()) {
      String relative = file.getKey().toString().substring(1);
      Path copy = set.resolve(relative);
      Files.createDirectories(copy.getParent());
      Files.writeString(copy, file.getValue());
      sums.append(sha256(file.getValue())).append("  ").append(relative).append('\n');
    }
    Files.writeString(set.resolve("SHA256SUMS"), sums);
    return set;
  }

  public static String sha256(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
