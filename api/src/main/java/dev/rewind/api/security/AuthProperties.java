package dev.rewind.api.security;

import dev.rewind.catalog.StartupProblem;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where API tokens come from: {@code rewind.auth.dev-token} ({@code REWIND_DEV_TOKEN}, identity
 * {@code dev} with every role, for the dev stack) and {@code rewind.auth.tokens-file} ({@code
 * REWIND_TOKENS_FILE}, SHA-256 hashes with identities and roles). An API nobody can call is a
 * mistake, so at least one must be set.
 */
@ConfigurationProperties("rewind.auth")
public record AuthProperties(String devToken, String tokensFile) {

  public AuthProperties {
    devToken = blankToNull(devToken);
    tokensFile = blankToNull(tokensFile);
    if (devToken == null && tokensFile == null) {
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
