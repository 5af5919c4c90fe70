package dev.rewind.api.catalog;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the catalog is: {@code rewind.catalog}, set from {@code REWIND_CATALOG}. A relative path is
 * resolved against the working directory, so the dev stack can run from the repository root. Kept
 * as a string: Spring's own conversion to {@link Path} would read it as a resource location.
 */
@ConfigurationProperties("rewind")
public record CatalogProperties(@DefaultValue("examples/rewind.yml") String catalog) {

  public Path catalogFile() {
    return Path.of(catalog).toAbsolutePath().normalize();
  }
}
