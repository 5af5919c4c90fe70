package dev.rewind.catalog;

import dev.rewind.catalog.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code flags} section: the provider of the service's feature flags. */
final class FlagsReader {
  /** A string a flag may be set to: what a request may send, so never an option or a path. */
  static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private static final Pattern POINTER = Pattern.compile("(/([^/~]|~[01])*)+");
  private static final Pattern PARAMETER = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)");
  private static final Set<String> METHODS = Set.of("PUT", "POST", "PATCH");

  private FlagsReader() {}

  static FlagProvider flags(YamlNode node) {
    YamlNode provider = node.required("provider");
    return switch (provider.text()) {
      case "unleash" -> unleash(node);
      case "sql" -> sql(node);
      case "http" -> http(node);
      default ->
          throw provider.problem("must be unleash, sql or http, not \"" + provider.text() + "\"");
    };
  }

  private static FlagProvider unleash(YamlNode node) {
    node.object(Set.of("provider", "url", "project", "environment", "tokenEnv"));
    return new FlagProvider.Unleash(
        baseUrl(node.required("url")),
        node.optional("project").map(FlagsReader::segment).orElse("default"),
        segment(node.required("environment")),
        EnvironmentReader.envVar(node.required("tokenEnv")));
  }

  private static FlagProvider sql(YamlNode node) {
    node.object(Set.of("provider", "read", "write", "values"));
    return new FlagProvider.Sql(
        statement(node.required("read"), Set.of("name")),
        statement(node.required("write"), Set.of("name", "value")),
        values(node));
  }

  private static FlagProvider http(YamlNode node) {
    node.object(Set.of("provider", "get", "set", "method", "pointer", "tokenEnv", "values"));
    YamlNode method = node.optional("method").orElse(null);
    if (method != null && !METHODS.contains(method.text())) {
      throw method.problem("must be PUT, POST or PATCH, not \"" + method.text() + "\"");
    }
    YamlNode pointer = node.required("pointer");
    if (!POINTER.matcher(pointer.text()).matches()) {
      throw pointer.problem(
          "must be a JSON pointer such as /enabled, not \"" + pointer.text() + "\"");
    }
    return new FlagProvider.Http(
        template(node.required("get")),
        template(node.required("set")),
        method == null ? "PUT" : method.text(),
        pointer.text(),
        node.optional("tokenEnv").map(EnvironmentReader::envVar).orElse(null),
        values(node));
  }

  private static List<String> values(YamlNode node) {
    YamlNode list = node.optional("values").orElse(null);
    if (list == null) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    for (YamlNode item : list.items()) {
      String value = item.text();
      if (!VALUE.matcher(value).matches() || value.equals("true") || value.equals("false")) {
        throw item.problem(
            "must be 1 to 128 letters, digits, '.', '_' or '-' starting with a letter or digit"
                + " (true and false are always allowed), not \""
                + value
                + "\"");
      }
      if (!seen.add(value)) {
        throw item.problem("\"" + value + "\" is listed twice");
      }
    }
    return list.strings();
  }

  /**
   * One SQL statement whose only parameters are {@code :<name>}s of {@code required}, each used.
   */
  private static String statement(YamlNode node, Set<String> required) {
    String sql = node.text().strip();
    if (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1);
    }
    if (sql.contains(";") || sql.contains("?")) {
      throw node.problem("must be one statement with named parameters only (:name), no ';' or '?'");
    }
    Set<String> used = new HashSet<>();
    var m = PARAMETER.matcher(sql.replace("::", "  "));
    while (m.find()) {
      if (!required.contains(m.group(1))) {
        throw node.problem(
            "unknown parameter :" + m.group(1) + " (known: " + known(required) + ")");
      }
      used.add(m.group(1));
    }
    if (!used.equals(required)) {
      throw node.problem("must use the parameters " + known(required));
    }
    return sql;
  }

  private static String known(Set<String> names) {
    return String.join(", ", names.stream().sorted().map(n -> ":" + n).toList());
  }

  private static String segment(YamlNode node) {
    if (!VALUE.matcher(node.text()).matches()) {
      throw node.problem("must be an Unleash name such as production, not \"" + node.text() + "\"");
    }
    return node.text();
  }

  private static String baseUrl(YamlNode node) {
    String url = node.text().replaceAll("/+$", "");
    if (!isHttp(url)) {
      throw node.problem("must be an http:// or https:// URL, not \"" + node.text() + "\"");
    }
    return url;
  }

  /** An http(s) URL holding {@code {name}} once, and no other placeholder. */
  private static String template(YamlNode node) {
    String url = node.text();
    int at = url.indexOf("{name}");
    String rest = at < 0 ? url : url.substring(0, at) + "NAME" + url.substring(at + 6);
    if (at < 0 || rest.contains("{") || rest.contains("}") || !isHttp(rest)) {
      throw node.problem(
          "must be an http:// or https:// URL holding {name} once, e.g."
              + " http://127.0.0.1:9000/flags/{name}, not \""
              + url
              + "\"");
    }
    return url;
  }

  private static boolean isHttp(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
