package dev.rewind.workflows.codec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the api and the workers reach Temporal: the frontend's {@code host:port} ({@code
 * REWIND_TEMPORAL_ADDRESS}), the namespace ({@code REWIND_NAMESPACE}), the payload keys ({@code
 * REWIND_CODEC_KEYS}, a file of {@code keyId=base64} lines; without it payloads are not encrypted)
 * and mutual TLS ({@code REWIND_TEMPORAL_TLS_CERT}, {@code _KEY}, {@code _CA}: all three or none).
 * Files are read when the settings are made, so a bad one stops the process at start-up.
 *
 * @param codecKeys null when payloads are not encrypted
 * @param tls null when the connection is plaintext
 */
public record TemporalSettings(
    String address, String namespace, CodecKeys codecKeys, TemporalTls tls) {
  public static final String ADDRESS = "REWIND_TEMPORAL_ADDRESS";
  public static final String NAMESPACE = "REWIND_NAMESPACE";
  public static final String CODEC_KEYS = "REWIND_CODEC_KEYS";

  /** From the process environment, with the dev stack's address and namespace as defaults. */
  public static TemporalSettings fromEnvironment(Map<String, String> env) {
    return of(
        env.getOrDefault(ADDRESS, "127.0.0.1:7233"),
        env.getOrDefault(NAMESPACE, "default"),
        env.get(CODEC_KEYS),
        env.get(TemporalTls.CERT),
        env.get(TemporalTls.KEY),
        env.get(TemporalTls.CA));
  }

  /**
   * Validates the values and reads the files they name; blank counts as unset.
   *
   * @throws IllegalArgumentException naming the variable at fault
   */
  public static TemporalSettings of(
      String address,
      String namespace,
      String codecKeysFile,
      String tlsCert,
      String tlsKey,
      String tlsCa) {
    if (blank(address) || !address.contains(":")) {
      throw new IllegalArgumentException(ADDRESS + ": expected host:port, got '" + address + "'");
    }
    if (blank(namespace)) {
      throw new IllegalArgumentException(NAMESPACE + " is empty");
    }
    CodecKeys keys = null;
    if (!blank(codecKeysFile)) {
      try {
        keys = CodecKeys.read(Path.of(codecKeysFile.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(CODEC_KEYS + ": " + e.getMessage(), e);
      }
    }
    return new TemporalSettings(
        address.strip(), namespace.strip(), keys, tls(tlsCert, tlsKey, tlsCa));
  }

  private static TemporalTls tls(String cert, String key, String ca) {
    Map<String, String> given = new LinkedHashMap<>();
    given.put(TemporalTls.CERT, cert);
    given.put(TemporalTls.KEY, key);
    given.put(TemporalTls.CA, ca);
    List<String> set = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    given.forEach((name, value) -> (blank(value) ? missing : set).add(name));
    if (set.isEmpty()) {
      return null;
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          String.join(", ", given.keySet())
              + " go together (mutual TLS to Temporal needs all three, plaintext none): "
              + String.join(", ", set)
              + " set, "
              + String.join(", ", missing)
              + " missing");
    }
    return TemporalTls.load(Path.of(cert.strip()), Path.of(key.strip()), Path.of(ca.strip()));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** The payload keys, when payloads are encrypted. */
  public Optional<CodecKeys> encryption() {
    return Optional.ofNullable(codecKeys);
  }

  /** The client certificate and CA, when the connection uses mutual TLS. */
  public Optional<TemporalTls> mutualTls() {
    return Optional.ofNullable(tls);
  }
}
