package dev.rewind.catalog.yaml;

import dev.rewind.catalog.StartupProblem;
import java.nio.file.Path;

/**
 * A YAML configuration file (the catalog, the tokens file) that Rewind refuses to run with. The
 * message names the file, the key path inside it (e.g. {@code
 * services.billing-api.production.health.timeout}) and the problem.
 */
public class InvalidYamlException extends StartupProblem {
  private final Path file;
  private final String keyPath;
  private final String problem;

  public InvalidYamlException(String what, Path file, String keyPath, String problem) {
    super(
        what + " " + file + ": " + (keyPath.isEmpty() ? "" : keyPath + ": ") + problem,
        "Fix " + file + " and start Rewind again.");
    this.file = file;
    this.keyPath = keyPath;
    this.problem = problem;
  }

  public Path file() {
    return file;
  }

  /** Where in the file, dotted with list indexes, e.g. {@code services.web.dev.hosts[0]}. */
  public String keyPath() {
    return keyPath;
  }

  public String problem() {
    return problem;
  }
}
