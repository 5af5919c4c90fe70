package dev.rewind.workflows;

/**
 * The commands a catalog may declare for a service, by name: the workflow asks for one of them on a
 * host, the worker takes the argv from its own catalog. Values from the request reach an argv only
 * through the catalog's placeholders ({@code {version}}, {@code {gitSha}}, {@code
 * {targetMigration}}), validated again by the worker before it runs anything.
 */
public enum HostCommand {
  MAINTENANCE_ON("maintenance on"),
  MAINTENANCE_OFF("maintenance off"),
  STOP("stop service"),
  START("start service"),
  REINSTALL("reinstall"),
  MIGRATE_DOWN("migrate down"),
  MIGRATE("migrate");

  private final String step;

  HostCommand(String step) {
    this.step = step;
  }

  /** The step's name in the timeline. */
  public String step() {
    return step;
  }
}
