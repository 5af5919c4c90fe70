package dev.rewind.api.deployments;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of the registry. {@code status} is DEPLOYED, or ROLLED_BACK once a rollback moved the
 * environment away from it; {@code source} is {@code pipeline} or {@code rollback} (a version a
 * successful rollback put back, with {@code rollbackId}); {@code flags} the feature flags it runs
 * with, or null.
 */
public record Deployment(
    long id,
    String service,
    String environment,
    String version,
    String gitSha,
    String image,
    String migration,
    String backup,
    String status,
    String source,
    String rollbackId,
    String recordedBy,
    Instant recordedAt,
    Map<String, Object> flags) {

  public static final String DEPLOYED = "DEPLOYED";
  public static final String ROLLED_BACK = "ROLLED_BACK";
}
