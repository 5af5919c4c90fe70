package dev.rewind.catalog;

import java.util.Map;
import java.util.Optional;

/**
 * A service of the catalog and its environments (production, staging, ...), in file order, each
 * with the digest of its catalog entry ({@link CatalogReader#digestOf}).
 */
public record CatalogService(
    String name, Map<String, ServiceEnvironment> environments, Map<String, String> digests) {

  public Optional<ServiceEnvironment> environment(String name) {
    return Optional.ofNullable(environments.get(name));
  }

  /** The digest of environment {@code name}'s entry and the hosts it names, or null. */
  public String digest(String name) {
    return digests.get(name);
  }
}
