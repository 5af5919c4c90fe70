package dev.rewind.api.rollbacks;

import dev.rewind.api.rollbacks.planning.RollbackRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint of a rollback request, compared when an Idempotency-Key comes back. It covers
 * every field of {@link RollbackRequest} (a field added later is covered without anyone
 * remembering), each as its name and its length-prefixed value, so no two different requests share
 * one. It is taken of the parsed request, so whitespace and field order do not make a body
 * "different".
 */
final class RequestHash {
  private RequestHash() {}

  static String of(RollbackRequest request) {
    StringBuilder canonical = new StringBuilder();
    for (RecordComponent field : RollbackRequest.class.getRecordComponents()) {
      canonical.append(field.getName()).append('=');
      if (value(field, request) instanceof List<?> list) {
        canonical.append("list ").append(list.size()).append(':');
        list.forEach(item -> append(canonical, item));
      } else if (value(field, request) instanceof Map<?, ?> map) {
        // by key, each value with its type: {"x": false} is not {"x": "false"}
        canonical.append("map ").append(map.size()).append(':');
        new TreeMap<>(map)
            .forEach(
                (key, item) -> {
                  append(canonical, key);
                  append(canonical, item == null ? null : item.getClass().getSimpleName() + item);
                });
      } else {
        append(canonical, value(field, request));
      }
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** {@code null;} for an absent value, {@code <length>:<value>;} for any other. */
  private static void append(StringBuilder canonical, Object item) {
    if (item == null) {
      canonical.append("null;");
      return;
    }
    String value = item.toString();
    canonical.append(value.length()).append(':').append(value).append(';');
  }

  private static Object value(RecordComponent field, RollbackRequest request) {
    try {
      return field.getAccessor().invoke(request);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + field.getName(), e);
    }
  }
}
