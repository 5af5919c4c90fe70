package dev.rewind.workflows.container;

import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;

/**
 * {@code container-revert}: the catalog's container of the service runs {@code <catalog
 * image>:<imageTag>} afterwards. The tag is the target version, validated by the api and again by
 * the worker.
 */
public record ContainerRevertPlan(String imageTag) implements StrategyPlan {

  @Override
  public StrategyId id() {
    return StrategyId.CONTAINER_REVERT;
  }

  @Override
  public String describe() {
    return "container-revert to tag " + imageTag;
  }
}
