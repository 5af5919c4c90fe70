package dev.rewind.worker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.workflows.RollbackWorkflow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads every workflow history a Temporal server holds the way someone with access to Temporal but
 * not the payload key would — the {@code temporal} CLI without a codec — and reports each secret
 * found there and each payload left in plaintext. Every string of the history is searched as it is
 * and, when it is base64 (raw payload data), decoded. Only payloads Rewind leaves plain on purpose
 * may be unencrypted: summaries and details (user metadata) and search attributes, which hold
 * names, and the change id and number of a version marker.
 *
 * <p>With the api's codec endpoint and a token, {@link #decoded} reads the same histories as an
 * operator does in the UI, so the test shows both halves: ciphertext without the key, the steps
 * with it.
 */
final class HistoryScan {
  static final String ENCRYPTED = "binary/encrypted";
  private static final String ENCRYPTED_BASE64 =
      Base64.getEncoder().encodeToString(ENCRYPTED.getBytes(StandardCharsets.UTF_8));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{8,}={0,2}");
  // Payloads Rewind writes in plaintext by design (EncryptingDataConverter): they hold names only.
  // The SDK writes a Workflow.getVersion marker's change id and version number plain itself, and a
  // local activity marker's activity id, type, time and retry metadata (its result, under
  // details/data, goes through Rewind's converter and is encrypted).
  private static final List<String> PLAIN_BY_DESIGN =
      List.of(
          "/userMetadata/",
          "/searchAttributes/",
          "/markerRecordedEventAttributes/details/changeId/",
          "/markerRecordedEventAttributes/details/version/",
          "/markerRecordedEventAttributes/details/activityId/",
          "/markerRecordedEventAttributes/details/type/",
          "/markerRecordedEventAttributes/details/time/",
          "/markerRecordedEventAttributes/details/meta/");

  private final String address;
  private final Map<String, String> secrets;
  private final List<String> problems = new ArrayList<>();
  private int workflows;
  private int events;
  private int encryptedPayloads;
  private int decodedRollbacks;
  private int decodedSteps;
  private String decodedExample;

  /**
   * @param secrets what must never appear, by what it is (the description is reported, never the
   *     value)
   */
  HistoryScan(String address, Map<String, String> secrets) {
    this.address = address;
    this.secrets = new LinkedHashMap<>(secrets);
  }

  /** One workflow execution: its id, run id and type. */
  record Execution(String workflowId, String runId, String type) {}

  /** Every execution of the default namespace, open or closed. */
  List<Execution> executions() throws Exception {
    List<Execution> all = new ArrayList<>();
    JsonNode list =
        JSON.readTree(
            Processes.run(
                Processes.temporalBinary(),
                "workflow",
                "list",
                "--address",
                address,
                "-o",
                "json"));
    for (JsonNode e : list) {
      all.add(
          new Execution(
              e.at("/execution/workflowId").asText(),
              e.at("/execution/runId").asText(),
              e.at("/type/name").asText()));
    }
    return all;
  }

  /** Scans the raw history of every execution; returns the problems found. */
  List<String> scan() throws Exception {
    for (Execution execution : executions()) {
      JsonNode history = raw(execution);
      workflows++;
      events += history.path("events").size();
      walk(execution, history, "");
    }
    return problems;
  }

  /** The history as Temporal stores it, read without a codec. */
  JsonNode raw(Execution execution) throws Exception {
    return show(execution, "--no-json-shorthand-payloads");
  }

  /** The history decoded through the api's codec endpoint with {@code token}. */
  JsonNode decoded(Execution execution, String codecEndpoint, String token) throws Exception {
    return show(execution, "--codec-endpoint", codecEndpoint, "--codec-auth", "Bearer " + token);
  }

  private JsonNode show(Execution execution, String... options) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Processes.temporalBinary(),
                "workflow",
                "show",
                "--address",
                address,
                "-w",
                execution.workflowId(),
                "-r",
                execution.runId(),
                "-o",
                "json"));
    command.addAll(List.of(options));
    return JSON.readTree(Processes.run(command.toArray(String[]::new)));
  }

  /**
   * Reads every rollback's history through the api's codec endpoint, as the Temporal UI does: each
   * payload must decode, and the rollbacks that ran must show their steps by name. Returns the
   * problems found.
   */
  List<String> decodesToSteps(String codecEndpoint, String token) throws Exception {
    List<String> found = new ArrayList<>();
    int rollbacks = 0;
    for (Execution execution : executions()) {
      if (!execution.type().equals(RollbackWorkflow.TYPE)) {
        continue;
      }
      rollbacks++;
      JsonNode history = decoded(execution, codecEndpoint, token);
      if (history.toString().contains(ENCRYPTED_BASE64)) {
        found.add(describe(execution) + ": a payload the codec endpoint did not decode");
      }
      List<String> steps = new ArrayList<>();
      stepNames(history, steps);
      if (steps.isEmpty()) {
        found.add(describe(execution) + ": its decoded history shows no step");
      } else {
        decodedSteps += steps.size();
        decodedExample = steps.get(0);
      }
    }
    decodedRollbacks = rollbacks;
    return found;
  }

  /**
   * The names of the steps each decoded {@code RollbackState} of the history lists (the result, the
   * state reported to the ledger), in the payloads' JSON ({@code json/plain}, base64 in the CLI's
   * output).
   */
  private static void stepNames(JsonNode node, List<String> names) throws Exception {
    if (node.isObject() && "json/plain".equals(base64(node.at("/metadata/encoding").asText()))) {
      node = JSON.readTree(Base64.getDecoder().decode(node.path("data").asText()));
    }
    if (node.isObject() && node.path("steps").isArray()) {
      for (JsonNode step : node.path("steps")) {
        if (step.path("name").isTextual()) {
          names.add(step.path("name").asText());
        }
      }
    }
    for (JsonNode child : node) {
      stepNames(child, names);
    }
  }

  String summary() {
    String scanned =
        "%d workflows, %d events, %d encrypted payloads scanned for %d secrets (%s)"
            .formatted(
                workflows,
                events,
                encryptedPayloads,
                secrets.size(),
                String.join(", ", secrets.keySet()));
    return decodedExample == null
        ? scanned
        : scanned
            + "; through the codec endpoint %d rollbacks decoded, showing %d steps (\"%s\", ...)"
                .formatted(decodedRollbacks, decodedSteps, decodedExample);
  }

  private void walk(Execution execution, JsonNode node, String path) {
    if (node.isObject()) {
      if (node.has("metadata") && node.path("metadata").has("encoding")) {
        payload(execution, node, path);
      }
      node.fields().forEachRemaining(f -> walk(execution, f.getValue(), path + "/" + f.getKey()));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(execution, node.get(i), path + "/" + i);
      }
    } else if (node.isTextual()) {
      search(execution, path, node.textValue());
      String decoded = base64(node.textValue());
      if (decoded != null) {
        search(execution, path + " (base64-decoded)", decoded);
      }
    }
  }

  private void payload(Execution execution, JsonNode payload, String path) {
    String raw = payload.at("/metadata/encoding").asText();
    String encoding = base64(raw) == null ? raw : base64(raw);
    if (ENCRYPTED.equals(encoding)) {
      encryptedPayloads++;
    } else if (PLAIN_BY_DESIGN.stream().noneMatch(path::contains)) {
      problems.add(
          "%s: a %s payload in plaintext at %s".formatted(describe(execution), encoding, path));
    }
  }

  private void search(Execution execution, String path, String text) {
    secrets.forEach(
        (what, value) -> {
          if (text.contains(value)) {
            problems.add("%s: the %s at %s".formatted(describe(execution), what, path));
          }
        });
  }

  private static String describe(Execution execution) {
    return execution.type() + " " + execution.workflowId();
  }

  /** The text a base64 string holds, or null when it is none (or not text). */
  private static String base64(String text) {
    if (text.length() % 4 != 0 || !BASE64.matcher(text).matches()) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
