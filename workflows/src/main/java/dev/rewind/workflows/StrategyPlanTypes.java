package dev.rewind.workflows;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;

/** Reads and writes a {@link StrategyPlan}'s {@code strategy} field from {@link StrategyId}. */
final class StrategyPlanTypes extends TypeIdResolverBase {

  @Override
  public String idFromValue(Object value) {
    return ((StrategyPlan) value).id().id();
  }

  @Override
  public String idFromValueAndType(Object value, Class<?> suggestedType) {
    return idFromValue(value);
  }

  @Override
  public JavaType typeFromId(DatabindContext context, String id) {
    StrategyId strategy =
        StrategyId.find(id)
            .orElseThrow(() -> new IllegalArgumentException("unknown strategy \"" + id + "\""));
    return context.constructType(strategy.planType());
  }

  @Override
  public JsonTypeInfo.Id getMechanism() {
    return JsonTypeInfo.Id.CUSTOM;
  }
}
