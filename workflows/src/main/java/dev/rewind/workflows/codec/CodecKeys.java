package dev.rewind.workflows.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AES-256 keys payloads are encrypted with, read from a file of {@code keyId=base64(32 bytes)}
 * lines ({@code #} comments and blank lines allowed). The first key encrypts; every key decrypts,
 * so a key is rotated by adding the new one on top and keeping the old ones for as long as
 * histories written with them are read. Key material never appears in a message.
 */
public final class CodecKeys {
  private static final Logger log = LoggerFactory.getLogger(CodecKeys.class);
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int KEY_BYTES = 32;

  private final Path file;
  private final String encryptingKeyId;
  private final Map<String, SecretKey> keys;

  private CodecKeys(Path file, Map<String, SecretKey> inFileOrder) {
    this.file = file;
    this.keys = Map.copyOf(inFileOrder);
    this.encryptingKeyId = inFileOrder.keySet().iterator().next();
  }

  /**
   * Reads {@code file}.
   *
   * @throws IllegalArgumentException naming the file and line of the first mistake
   */
  public static CodecKeys read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("codec keys file " + file + " cannot be read: " + e, e);
    }
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = "codec keys file " + file + " line " + (i + 1) + ": ";
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(where + "expected keyId=base64(32 bytes)");
      }
      String id = line.substring(0, eq).strip();
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            where + "the key id must be 1-64 letters, digits, '.', '_' or '-'");
      }
      if (keys.containsKey(id)) {
        throw new IllegalArgumentException(where + "key id '" + id + "' appears twice");
      }
      keys.put(id, aesKey(where, id, line.substring(eq + 1).strip()));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(
          "codec keys file " + file + " holds no key (expected keyId=base64(32 bytes) lines)");
    }
    warnIfOthersCanRead(file);
    return new CodecKeys(file, keys);
  }

  private static void warnIfOthersCanRead(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        log.warn(
            "codec keys file {} is readable beyond its owner ({}): chmod 600 it",
            file,
            PosixFilePermissions.toString(permissions));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
  }

  private static SecretKey aesKey(String where, String id, String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + "the key of '" + id + "' is not base64");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          where
              + "the key of '"
              + id
              + "' is "
              + bytes.length
              + " bytes; AES-256 needs 32 (head -c 32 /dev/urandom | base64)");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  /** The file the keys came from, for messages. */
  public Path file() {
    return file;
  }

  /** The id of the key new payloads are encrypted with: the file's first. */
  public String encryptingKeyId() {
    return encryptingKeyId;
  }

  SecretKey encryptingKey() {
    return keys.get(encryptingKeyId);
  }

  Optional<SecretKey> find(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  /** How many keys can decrypt. */
  public int size() {
    return keys.size();
  }
}
