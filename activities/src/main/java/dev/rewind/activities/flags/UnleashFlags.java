package dev.rewind.activities.flags;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.activities.Failures;
import dev.rewind.catalog.FlagProvider;
import dev.rewind.workflows.flags.FlagFailures;
import dev.rewind.workflows.flags.FlagValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Flags of an Unleash server, through its Admin API: whether a flag is enabled in the catalog's
 * environment ({@code GET .../features/<flag>/environments/<env>}), switched with {@code POST
 * .../on} or {@code .../off}. The admin token goes in the Authorization header as Unleash expects
 * it.
 */
final class UnleashFlags implements FlagStore {
  private final FlagProvider.Unleash unleash;
  private final FlagHttp http;

  UnleashFlags(FlagProvider.Unleash unleash, String token) {
    this.unleash = unleash;
    this.http = new FlagHttp(token);
  }

  @Override
  public FlagValue read(String name) {
    JsonNode answer = http.get(url(name), name);
    JsonNode enabled = answer == null ? null : answer.get("enabled");
    if (enabled == null || !enabled.isBoolean()) {
      throw Failures.permanent(
          FlagFailures.PROVIDER_REJECTED,
          "Unleash answered no \"enabled\" for " + name + " in " + unleash.environment());
    }
    return FlagValue.of(enabled.booleanValue());
  }

  @Override
  public void write(String name, FlagValue value) {
    http.send("POST", url(name) + (value.bool() ? "/on" : "/off"), null, name);
  }

  private String url(String name) {
    return unleash.url()
        + "/api/admin/projects/"
        + encode(unleash.project())
        + "/features/"
        + encode(name)
        + "/environments/"
        + encode(unleash.environment());
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String describe() {
    return "unleash "
        + unleash.url()
        + " ("
        + unleash.project()
        + "/"
        + unleash.environment()
        + ")";
  }
}
