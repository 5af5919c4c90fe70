package dev.rewind.activities.flags;

import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.core.Target;
import java.nio.file.Path;

/**
 * The catalogs of the flag tests: service {@code shop} in {@code production} on agent host {@code
 * local}, with a {@code flags} section and whatever else a test adds.
 */
public final class FlagCatalogs {
  private FlagCatalogs() {}

  /**
   * {@code flags} is the section's value ({@code {provider: ...}}); {@code more} is YAML added to
   * the environment, each line indented by six spaces.
   */
  public static Catalog shop(Path dir, String flags, String more) {
    return TestCatalogs.write(
        dir,
        """
        hosts:
          local: { transport: agent }
        services:
          shop:
            production:
              hosts: [local]
              flags: %s
        """
                .formatted(flags)
            + more);
  }

  public static Catalog shop(Path dir, String flags) {
    return shop(dir, flags, "");
  }

  /** What a plan made from {@code catalog} names: shop, production, host local. */
  public static Target target(Catalog catalog) {
    return TestCatalogs.target(catalog, "shop", "production", "local");
  }
}
