package dev.rewind.workflows.legacy;

/**
 * How a step spreads over the service's hosts: at most {@code maxParallel} at once and, with {@code
 * canaryFirst}, the first host alone and verified before any other is touched.
 */
public record RolloutPolicy(int maxParallel, boolean canaryFirst) {
  public static final RolloutPolicy ONE_AT_A_TIME = new RolloutPolicy(1, false);
}
