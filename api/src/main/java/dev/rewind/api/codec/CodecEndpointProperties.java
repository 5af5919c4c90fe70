package dev.rewind.api.codec;

import dev.rewind.catalog.StartupProblem;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The codec endpoint's settings. {@code uiOrigin} ({@code REWIND_CODEC_UI_ORIGIN}, comma-separated)
 * lists the browser origins of the Temporal UI allowed to call it cross-origin; empty means the
 * origin of {@code REWIND_TEMPORAL_UI}. {@code uiToken} ({@code REWIND_CODEC_UI_TOKEN}, at least 32
 * characters) is the decode-only secret for a UI that cannot send an {@code Authorization} header:
 * the UI is pointed at {@code /codec/ui/<token>} and calls {@code /codec/ui/<token>/decode}.
 */
@ConfigurationProperties("rewind.codec")
public record CodecEndpointProperties(List<String> uiOrigin, String uiToken) {
  static final int MIN_UI_TOKEN = 32;

  public CodecEndpointProperties {
    uiOrigin = uiOrigin == null ? List.of() : uiOrigin.stream().map(String::strip).toList();
    for (String origin : uiOrigin) {
      if (!isOrigin(origin)) {
        throw new StartupProblem(
            "REWIND_CODEC_UI_ORIGIN (rewind.codec.ui-origin): '"
                + origin
                + "' is not an origin like http://127.0.0.1:8233",
            "List the Temporal UI's origins (scheme://host:port, no path) and start again.");
      }
    }
    uiToken = uiToken == null || uiToken.isBlank() ? null : uiToken.strip();
    if (uiToken != null
        && (uiToken.length() < MIN_UI_TOKEN || !uiToken.matches("[A-Za-z0-9_-]+"))) {
      throw new StartupProblem(
          "REWIND_CODEC_UI_TOKEN (rewind.codec.ui-token) must be at least "
              + MIN_UI_TOKEN
              + " letters, digits, '-' or '_' (it travels in a URL path)",
          "Generate one with: head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \\n'");
    }
  }

  private static boolean isOrigin(String value) {
    try {
      URI uri = URI.create(value);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
          && uri.getRawQuery() == null
          && uri.getRawUserInfo() == null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The origins CORS admits: the configured ones, else the origin of the UI's own URL. */
  List<String> allowedOrigins(URI temporalUi) {
    if (!uiOrigin.isEmpty()) {
      return uiOrigin;
    }
    String port = temporalUi.getPort() < 0 ? "" : ":" + temporalUi.getPort();
    return List.of(temporalUi.getScheme() + "://" + temporalUi.getHost() + port);
  }
}
