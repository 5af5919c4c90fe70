package dev.rewind.activities.catalog;

import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogReader;
import dev.rewind.workflows.core.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Catalogs for tests, read by the real {@link CatalogReader} from a small YAML file written into
 * the test's directory, and the plan targets that name their entries with the right digest.
 */
public final class TestCatalogs {
  private TestCatalogs() {}

  /** Writes {@code yaml} to {@code dir/rewind.yml} and reads it as a worker would. */
  public static Catalog write(Path dir, String yaml) {
    try {
      Files.createDirectories(dir);
      return CatalogReader.read(Files.writeString(dir.resolve("rewind.yml"), yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a plan made from {@code catalog} names: the entry's digest, the host's transport. */
  public static Target target(Catalog catalog, String service, String environment, String host) {
    return new Target(
        service,
        environment,
        host,
        catalog.host(host).orElseThrow().transport().id(),
        catalog.digest(service, environment));
  }

  /** The same target, as a plan made from another catalog would name it. */
  public static Target drifted(Target target) {
    return new Target(
        target.service(),
        target.environment(),
        target.host(),
        target.transport(),
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  }
}
