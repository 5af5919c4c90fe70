package dev.rewind.cli;

import java.util.Map;

/** Request bodies as the api reads them: an option left out is a field left out, never null. */
final class Bodies {
  private Bodies() {}

  static void putIfSet(Map<String, Object> body, String field, Object value) {
    if (value != null) {
      body.put(field, value);
    }
  }
}
