package dev.rewind.worker.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secrets of one end-to-end stack — its payload key and API token, and what its test adds:
 * passwords, tokens, webhook URLs, key material, env file values — and the api answers the test
 * received, so that {@link DevStack#close} can show none of them reached a workflow history or an
 * answer. Secrets are named by what they are; a failure names that, never the value.
 */
final class StackSecrets {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> answers = new CopyOnWriteArrayList<>();

  /** Records {@code value}, named {@code what}, as one that must never be found. */
  void add(String what, String value) {
    if (value == null || value.length() < 6) {
      throw new IllegalArgumentException(what + ": too short to search for without false alarms");
    }
    values.put(what, value);
  }

  /**
   * Records each line of a key file's body (an SSH private key: the base64 lines between its BEGIN
   * and END lines), so a fragment of the key is found too.
   */
  void addLines(String what, Path file) throws IOException {
    int n = 0;
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank() && !line.startsWith("-----")) {
        add(what + " line " + ++n, line.strip());
      }
    }
  }

  /** Records the value of each {@code NAME=value} line of an env file. */
  void addEnvFile(String what, Path file) throws IOException {
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        add(what + "'s " + line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
  }

  /**
   * Writes a payload key file as production has one ({@code keyId=base64(32 random bytes)}, mode
   * 600) to {@code dir/codec-keys}, and records its key.
   */
  Path newCodecKeyFile(Path dir) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String base64 = Base64.getEncoder().encodeToString(key);
    add("payload key", base64);
    Path file =
        Files.createFile(
            dir.resolve("codec-keys"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    return Files.writeString(file, "e2e=" + base64 + "\n");
  }

  /** Keeps an answer of the api, to be searched later; returns it. */
  HttpResponse<String> kept(HttpResponse<String> response) {
    answers.add(
        response.request().method() + " " + response.uri().getPath() + " → " + response.body());
    return response;
  }

  Map<String, String> values() {
    return Collections.unmodifiableMap(values);
  }

  /** Each secret found in an api answer: what it is and which call answered it. */
  List<String> inAnswers() {
    List<String> found = new ArrayList<>();
    for (String answer : answers) {
      values.forEach(
          (what, value) -> {
            if (answer.contains(value)) {
              found.add("the " + what + " in the api's answer to " + answer.split(" → ")[0]);
            }
          });
    }
    return found;
  }
}
