package dev.rewind.api.rollbacks;

import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import java.util.Arrays;
import java.util.List;

/**
 * What Temporal knows about one rollback: its chain (from the {@code RewindStrategy} search
 * attribute, "backup-restore+code-revert"), its status and, when the workflow could be asked, its
 * whole {@link RollbackState}. Without a worker to answer, only the status from the {@code
 * RewindStatus} search attribute is known: {@code state} is then null and {@code detail} says why.
 */
public record RollbackDescription(
    String id,
    String service,
    String environment,
    List<String> strategies,
    RollbackStatus status,
    String detail,
    RollbackState state) {

  static RollbackDescription of(
      String id, String service, String environment, String chain, RollbackState state) {
    return new RollbackDescription(
        id, service, environment, strategies(chain), state.status(), null, state);
  }

  static RollbackDescription withoutState(
      String id,
      String service,
      String environment,
      String chain,
      RollbackStatus status,
      String detail) {
    return new RollbackDescription(
        id, service, environment, strategies(chain), status, detail, null);
  }

  /** True when the workflow answered with its state (a worker is running). */
  public boolean hasState() {
    return state != null;
  }

  private static List<String> strategies(String chain) {
    return chain == null ? List.of() : Arrays.asList(chain.split("\\+"));
  }
}
