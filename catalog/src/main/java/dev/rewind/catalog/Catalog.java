package dev.rewind.catalog;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The operators' description of what Rewind may act on ({@code rewind.yml}): the hosts, the
 * notification targets and, per service and environment, how to reach, stop, check and restore it.
 * Read once at start-up by {@link CatalogReader}, which has already checked every cross-reference.
 */
public record Catalog(
    Path source,
    Map<String, CatalogHost> hosts,
    Map<String, NotifyTarget> notifyTargets,
    Map<String, CatalogService> services) {

  public Optional<CatalogService> service(String name) {
    return Optional.ofNullable(services.get(name));
  }

  public Optional<CatalogHost> host(String name) {
    return Optional.ofNullable(hosts.get(name));
  }

  /** The notification target {@code name} ({@code notify.<name>}), if the catalog declares it. */
  public Optional<NotifyTarget> notifyTarget(String name) {
    return Optional.ofNullable(notifyTargets.get(name));
  }

  /** The entry of {@code service} in {@code environment}, if the catalog has it. */
  public Optional<ServiceEnvironment> environment(String service, String environment) {
    return service(service).flatMap(s -> s.environment(environment));
  }

  /** The digest of that entry ({@link CatalogReader#digestOf}), or null when there is none. */
  public String digest(String service, String environment) {
    return service(service).map(s -> s.digest(environment)).orElse(null);
  }
}
