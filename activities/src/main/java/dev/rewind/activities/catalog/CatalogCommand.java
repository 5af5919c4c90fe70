package dev.rewind.activities.catalog;

import java.util.List;

/**
 * A host command resolved from the worker's catalog: where it runs, its argv with every placeholder
 * filled by a validated value, and its working directory (null: the default one).
 */
public record CatalogCommand(String step, HostTarget host, List<String> argv, String workDir) {

  /** "stop service ([/srv/app/bin/app, stop])", for failures and logs. */
  public String describe() {
    return step + " (" + String.join(" ", argv) + ")";
  }
}
