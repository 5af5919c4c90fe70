package dev.rewind.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the api is and the token to show it. {@code REWIND_URL} and {@code REWIND_TOKEN} win over
 * the config file, a properties file with {@code url} and {@code token} keys at {@code
 * REWIND_CONFIG}, else {@code $XDG_CONFIG_HOME/rewind/config}, else {@code
 * ~/.config/rewind/config}. Without a URL the dev stack's {@code http://127.0.0.1:8080} is meant.
 */
record ClientConfig(URI url, String token) {
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  static ClientConfig load(Map<String, String> env, Path home) {
    Properties file = read(file(env, home));
    String url = first(env.get("REWIND_URL"), file.getProperty("url"), DEFAULT_URL);
    String token = first(env.get("REWIND_TOKEN"), file.getProperty("token"), null);
    if (token == null) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "no API token: set REWIND_TOKEN or token=... in " + file(env, home) + " (mode 600)");
    }
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, "REWIND_URL is not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new CliFailure(ExitCodes.USAGE, "the api URL must be http(s)://host:port, not " + url);
    }
    return new ClientConfig(uri, token.strip());
  }

  static Path file(Map<String, String> env, Path home) {
    if (present(env.get("REWIND_CONFIG"))) {
      return Path.of(env.get("REWIND_CONFIG"));
    }
    Path base =
        present(env.get("XDG_CONFIG_HOME"))
            ? Path.of(env.get("XDG_CONFIG_HOME"))
            : home.resolve(".config");
    return base.resolve("rewind").resolve("config");
  }

  private static Properties read(Path file) {
    Properties properties = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new CliFailure(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
      }
    }
    return properties;
  }

  private static String first(String... values) {
    for (String value : values) {
      if (present(value)) {
        return value.strip();
      }
    }
    return null;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  @Override
  public String toString() {
    return "ClientConfig[url=" + url + ", token=<hidden>]";
  }
}
