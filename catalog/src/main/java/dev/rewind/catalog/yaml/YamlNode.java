package dev.rewind.catalog.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One value of a YAML file together with where it sits, so that every type or shape error can name
 * the file and the exact key path. Reading is strict: no type coercion ({@code "200"} is not a
 * number), unknown keys are refused, explicit nulls count as absent.
 */
public final class YamlNode {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private final String what;
  private final Path file;
  private final String path;
  private final JsonNode node;

  YamlNode(String what, Path file, String path, JsonNode node) {
    this.what = what;
    this.file = file;
    this.path = path;
    this.node = node;
  }

  public String path() {
    return path;
  }

  /**
   * This value as JSON with every mapping's keys sorted: the same for the same content however the
   * file is laid out, so two processes can tell whether they read the same catalog entry.
   */
  public String canonical() {
    try {
      Object plain = CANONICAL.treeToValue(node, Object.class);
      return CANONICAL.writeValueAsString(plain);
    } catch (JsonProcessingException e) {
      throw problem("cannot be written canonically: " + e.getOriginalMessage());
    }
  }

  private static final ObjectMapper CANONICAL =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** An error about this value, to be thrown by the caller. */
  public InvalidYamlException problem(String message) {
    return new InvalidYamlException(what, file, path, message);
  }

  /** Checks this is a mapping whose keys are all in {@code allowed}. */
  public YamlNode object(Set<String> allowed) {
    for (String key : entries().keySet()) {
      if (!allowed.contains(key)) {
        throw child(key, node.get(key))
            .problem(
                "unknown key (allowed here: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
    return this;
  }

  /** The entries of a mapping with free-form keys (host names, service names), in file order. */
  public Map<String, YamlNode> entries() {
    requireMapping();
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> entries.put(e.getKey(), child(e.getKey(), e.getValue())));
    return Collections.unmodifiableMap(entries);
  }

  public YamlNode required(String key) {
    return optional(key).orElseThrow(() -> child(key, null).problem("is required"));
  }

  public Optional<YamlNode> optional(String key) {
    requireMapping();
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(child(key, value));
  }

  public String text() {
    if (!node.isTextual()) {
      throw problem("must be a string, not " + describe(node));
    }
    if (node.textValue().isBlank()) {
      throw problem("must not be blank");
    }
    return node.textValue();
  }

  public int integer(int min, int max) {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw problem("must be a whole number, not " + describe(node));
    }
    int value = node.intValue();
    if (value < min || value > max) {
      throw problem("must be between " + min + " and " + max + ", not " + value);
    }
    return value;
  }

  public boolean bool() {
    if (!node.isBoolean()) {
      throw problem("must be true or false, not " + describe(node));
    }
    return node.booleanValue();
  }

  /**
   * A positive duration written with a unit: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 24h}.
   */
  public Duration duration() {
    Matcher m = node.isTextual() ? DURATION.matcher(node.textValue().trim()) : null;
    if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw problem("must be a positive duration like 30s, 2m or 24h, not " + describe(node));
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  public List<YamlNode> items() {
    if (!node.isArray()) {
      throw problem("must be a list, not " + describe(node));
    }
    List<YamlNode> items = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      items.add(new YamlNode(what, file, path + "[" + i + "]", node.get(i)));
    }
    return items;
  }

  public List<String> strings() {
    return items().stream().map(YamlNode::text).toList();
  }

  private void requireMapping() {
    if (!node.isObject()) {
      throw problem("must be a mapping (key: value), not " + describe(node));
    }
  }

  private YamlNode child(String key, JsonNode value) {
    return new YamlNode(what, file, path.isEmpty() ? key : path + "." + key, value);
  }

  private static String describe(JsonNode value) {
    if (value == null || value.isNull()) {
      return "empty";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isNumber()) {
      return "the number " + value.asText();
    }
    if (value.isBoolean()) {
      return value.asText();
    }
    return "\"" + value.asText() + "\"";
  }
}
