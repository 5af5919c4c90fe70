package dev.rewind.api.web;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.rewind.workflows.StrategyId;
import dev.rewind.workflows.StrategyPlan;
import java.util.Arrays;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;

/**
 * Writes and reads a chain's {@link StrategyPlan}s as the workflows do, {@code {"strategy":
 * "backup-restore", ...}}, in the api's own JSON (answers and the ledger's {@code plan} column).
 * The workflows module names its type id resolver for Temporal's Jackson 2; the api's Jackson 3
 * gets the same ids from {@link StrategyId}.
 */
@Component
public class StrategyPlanJson implements JsonMapperBuilderCustomizer {

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "strategy")
  private interface ById {}

  @Override
  public void customize(JsonMapper.Builder builder) {
    builder.addMixIn(StrategyPlan.class, ById.class);
    builder.registerSubtypes(
        Arrays.stream(StrategyId.values())
            .map(id -> new NamedType(id.planType(), id.id()))
            .toArray(NamedType[]::new));
  }
}
