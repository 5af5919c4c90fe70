package dev.rewind.activities.catalog;

import java.time.Duration;
import java.util.List;

/**
 * A host command resolved from the worker's catalog: where it runs, its argv with every placeholder
 * filled by a validated value, its working directory (null: the default one), and how long it may
 * run (the catalog's {@code timeouts}, 5 minutes by default), and the names of the worker's
 * environment variables it is given besides PATH, HOME and LANG (the catalog's {@code env}).
 */
public record CatalogCommand(
    String step,
    HostTarget host,
    List<String> argv,
    String workDir,
    Duration timeout,
    List<String> env) {

  /** "stop service ([/srv/app/bin/app, stop])", for failures and logs. */
  public String describe() {
    return step + " (" + String.join(" ", argv) + ")";
  }
}
