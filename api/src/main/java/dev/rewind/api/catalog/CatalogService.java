package dev.rewind.api.catalog;

import java.util.Map;
import java.util.Optional;

/** A service of the catalog and its environments (production, staging, ...), in file order. */
public record CatalogService(String name, Map<String, ServiceEnvironment> environments) {

  public Optional<ServiceEnvironment> environment(String name) {
    return Optional.ofNullable(environments.get(name));
  }
}
