package dev.rewind.api.security;

import dev.rewind.catalog.StartupProblem;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where API tokens come from: {@code rewind.auth.tokens-file} ({@code REWIND_TOKENS_FILE}, SHA-256
 * hashes with identities and roles) and, for the dev stack only, {@code rewind.auth.dev-token}
 * ({@code REWIND_DEV_TOKEN}, identity {@code dev} with every role). Which combinations may start
 * depends on the Spring profile: see {@link #check(boolean)}.
 */
@ConfigurationProperties("rewind.auth")
public record AuthProperties(String devToken, String tokensFile) {
  /** The Spring profile of the dev stack, the only one in which the dev token is accepted. */
  public static final String DEV_PROFILE = "dev";

  public AuthProperties {
    devToken = blankToNull(devToken);
    tokensFile = blankToNull(tokensFile);
  }

  /**
   * Refuses what must not start: outside the dev profile a dev token (one leaked variable would
   * hand out every role) or no tokens file; in it, no token at all (an API nobody can call).
   */
  public void check(boolean devProfile) {
    if (devToken != null && !devProfile) {
      throw new StartupProblem(
          "REWIND_DEV_TOKEN (rewind.auth.dev-token) is set, but the Spring profile \"dev\" is not"
              + " active: the dev token is accepted by the dev stack only",
          "Outside the dev stack unset REWIND_DEV_TOKEN and use REWIND_TOKENS_FILE; for the dev"
              + " stack start the api with SPRING_PROFILES_ACTIVE=dev.");
    }
    if (tokensFile == null && !devProfile) {
      throw new StartupProblem(
          "REWIND_TOKENS_FILE (rewind.auth.tokens-file) is not set: outside the dev profile the"
              + " Rewind API needs a tokens file",
          "Set REWIND_TOKENS_FILE to a YAML list of {sha256, identity, roles} (printf %s \"$TOKEN\""
              + " | sha256sum) and start the Rewind API again.");
    }
    if (tokensFile == null && devToken == null) {
      throw new StartupProblem(
          "no API token is configured: neither REWIND_TOKENS_FILE (rewind.auth.tokens-file) nor"
              + " REWIND_DEV_TOKEN (rewind.auth.dev-token) is set",
          "Set REWIND_TOKENS_FILE to a file of token hashes or, for the dev stack only,"
              + " REWIND_DEV_TOKEN, and start the Rewind API again.");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
