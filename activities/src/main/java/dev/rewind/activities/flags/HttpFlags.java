package dev.rewind.activities.flags;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.activities.Failures;
import dev.rewind.catalog.FlagProvider;
import dev.rewind.workflows.flags.FlagFailures;
import dev.rewind.workflows.flags.FlagValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Flags of a JSON API: {@code GET <get>} answers the flag with its value at the catalog's JSON
 * pointer; {@code <method> <set>} sends a body holding the new value at that pointer ({@code
 * /enabled} → {@code {"enabled": false}}). The name is URL-encoded into the templates' {@code
 * {name}}; the token, when the catalog names one, is sent as a bearer token.
 */
final class HttpFlags implements FlagStore {
  private final FlagProvider.Http api;
  private final FlagHttp http;
  private final JsonPointer pointer;

  HttpFlags(FlagProvider.Http api, String token) {
    this.api = api;
    this.http = new FlagHttp(token == null ? null : "Bearer " + token);
    this.pointer = JsonPointer.compile(api.pointer());
  }

  @Override
  public FlagValue read(String name) {
    JsonNode answer = http.get(fill(api.get(), name), name);
    JsonNode value = answer == null ? null : answer.at(pointer);
    if (value != null && value.isBoolean()) {
      return FlagValue.of(value.booleanValue());
    }
    if (value != null && value.isTextual()) {
      return FlagValue.of(value.textValue());
    }
    throw Failures.permanent(
        FlagFailures.PROVIDER_REJECTED,
        "GET "
            + fill(api.get(), name)
            + " holds no boolean or string at "
            + api.pointer()
            + " (the catalog's pointer)");
  }

  @Override
  public void write(String name, FlagValue value) {
    http.send(api.method(), fill(api.set(), name), body(value), name);
  }

  /** An object holding {@code value} at the pointer, its parents created as objects. */
  private JsonNode body(FlagValue value) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode parent = root;
    JsonPointer at = pointer;
    while (!at.tail().matches()) {
      parent = parent.putObject(at.getMatchingProperty());
      at = at.tail();
    }
    if (value.isBoolean()) {
      parent.put(at.getMatchingProperty(), value.bool());
    } else {
      parent.put(at.getMatchingProperty(), value.text());
    }
    return root;
  }

  private static String fill(String template, String name) {
    return template.replace(
        "{name}", URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  @Override
  public String describe() {
    return "http " + api.get();
  }
}
