package dev.rewind.api.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The API tokens Rewind accepts, kept only as SHA-256 hashes. A presented token is hashed and
 * compared with every entry in constant time, so neither timing nor an early exit tells how close a
 * guess was. The dev token counts only in the dev profile ({@link AuthProperties#check}).
 */
@Component
public class ApiTokens {
  private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

  private final List<TokensFile.Entry> entries;

  @Autowired
  public ApiTokens(AuthProperties properties, Environment environment) {
    this(properties, environment.matchesProfiles(AuthProperties.DEV_PROFILE));
  }

  ApiTokens(AuthProperties properties, boolean devProfile) {
    properties.check(devProfile);
    List<TokensFile.Entry> all = new ArrayList<>();
    if (properties.tokensFile() != null) {
      Path file = Path.of(properties.tokensFile()).toAbsolutePath().normalize();
      all.addAll(TokensFile.read(file));
      log.info("{} API tokens from {}", all.size(), file);
    }
    if (properties.devToken() != null) {
      all.add(
          new TokensFile.Entry(
              sha256(properties.devToken()), new Caller("dev", EnumSet.allOf(Role.class))));
      log.warn("REWIND_DEV_TOKEN is set: its holder has every role (identity dev)");
    }
    this.entries = List.copyOf(all);
  }

  public Optional<Caller> authenticate(String token) {
    byte[] presented = sha256(token);
    Caller found = null;
    for (TokensFile.Entry entry : entries) {
      if (MessageDigest.isEqual(entry.sha256(), presented) && found == null) {
        found = entry.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
