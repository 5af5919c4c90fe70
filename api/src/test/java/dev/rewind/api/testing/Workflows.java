package dev.rewind.api.testing;

/**
 * The workflow implementations the in-process Temporal runs: the rollback chain and the dry run's
 * preflight, from the workflows module.
 */
final class Workflows {
  // Loaded by name until the implementations are merged from plan-v2 (they compile only then).
  static final Class<?>[] IMPLEMENTATIONS = {
    load("dev.rewind.workflows.RollbackWorkflowImpl"),
    load("dev.rewind.workflows.PreflightWorkflowImpl")
  };

  private Workflows() {}

  private static Class<?> load(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(name + " is not on the classpath: merge plan-v2", e);
    }
  }
}
