package dev.rewind.api.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies get no type coercion: a version sent as the number {@code 1.10} would arrive as
 * {@code "1.1"}, so numbers and booleans are refused where a string is expected, and a fraction
 * where an integer is. ({@code spring.jackson.mapper.allow-coercion-of-scalars=false} covers the
 * other direction.)
 */
@Component
public class StrictJson implements JsonMapperBuilderCustomizer {

  @Override
  public void customize(JsonMapper.Builder builder) {
    // 2.5e-42 for an integer field is refused, not truncated to 0
    builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    builder.withCoercionConfig(
        LogicalType.Textual,
        config ->
            config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }
}
