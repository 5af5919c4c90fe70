package dev.rewind.workflows.code;

import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import java.util.Map;

/**
 * {@code code-revert}: the catalog's checkout of the service on every host goes back to {@code
 * gitSha} (the known-good commit, 7 to 40 hexadecimal digits), by reverting every later commit
 * ({@link Mode#REVERT}) or checking it out ({@link Mode#CHECKOUT}).
 */
public record CodeRevertPlan(String gitSha, Mode mode) implements StrategyPlan {

  public enum Mode {
    /** Default: revert every commit after the known-good one, newest first (history kept). */
    REVERT,
    /** Check out the known-good commit (detached HEAD). */
    CHECKOUT
  }

  @Override
  public StrategyId id() {
    return StrategyId.CODE_REVERT;
  }

  @Override
  public String describe() {
    return "code-revert to " + gitSha + (mode == Mode.CHECKOUT ? " (checkout)" : "");
  }

  @Override
  public Map<String, String> commandValues() {
    return Map.of("gitSha", gitSha);
  }
}
