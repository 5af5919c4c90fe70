package dev.rewind.workflows.legacy;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;

/** The search attributes every rollback carries, so operators can find it in the Temporal UI. */
public final class RewindSearchAttributes {
  public static final SearchAttributeKey<String> SERVICE =
      SearchAttributeKey.forKeyword("RewindService");
  public static final SearchAttributeKey<String> ENVIRONMENT =
      SearchAttributeKey.forKeyword("RewindEnvironment");
  public static final SearchAttributeKey<String> STRATEGY =
      SearchAttributeKey.forKeyword("RewindStrategy");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("RewindStatus");

  private RewindSearchAttributes() {}

  /** The attributes a rollback starts with. */
  public static SearchAttributes initial(RollbackPlan plan) {
    return SearchAttributes.newBuilder()
        .set(SERVICE, plan.service())
        .set(ENVIRONMENT, plan.environment())
        .set(STRATEGY, plan.strategy())
        .set(STATUS, RollbackStatus.PLANNED.name())
        .build();
  }
}
