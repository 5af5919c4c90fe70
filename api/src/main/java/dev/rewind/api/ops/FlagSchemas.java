package dev.rewind.api.ops;

import dev.rewind.api.web.FlagValues;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The {@code flags} of a rollback or deployment request as the api checks them: 1 to {@link
 * FlagValues#MAX_FLAGS} flags, names {@link FlagValues#NAME}, values booleans or strings of {@link
 * FlagValues#VALUE} (which of them a service accepts is the catalog's {@code flags.values}), or
 * {@code null} for none. springdoc only knows it is a map.
 */
@Component
class FlagSchemas implements OpenApiCustomizer {
  private static final List<String> BODIES = List.of("RollbackRequest", "DeploymentRequest");

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void customise(OpenAPI openApi) {
    Map<String, Schema> schemas = openApi.getComponents().getSchemas();
    for (String body : BODIES) {
      Schema<?> schema = schemas.get(body);
      if (schema != null && schema.getProperties() != null) {
        Schema<?> flags = schema.getProperties().get("flags");
        if (flags != null) {
          ((Map<String, Schema>) (Map) schema.getProperties()).put("flags", flags(flags));
        }
      }
    }
  }

  private static Schema<?> flags(Schema<?> declared) {
    Schema<Object> value =
        new Schema<>()
            .anyOf(
                List.of(
                    new Schema<>().types(Set.of("boolean")),
                    new Schema<>().types(Set.of("string")).pattern(anchored(FlagValues.VALUE))));
    Schema<Object> flags = new Schema<>();
    flags.setTypes(new TreeSet<>(Set.of("object", "null")));
    flags.setDescription(declared.getDescription());
    flags.setExample(Map.of("new-checkout", false));
    flags.setMinProperties(1);
    flags.setMaxProperties(FlagValues.MAX_FLAGS);
    flags.setPropertyNames(
        new Schema<>().types(Set.of("string")).pattern(anchored(FlagValues.NAME)));
    flags.setAdditionalProperties(value);
    return flags;
  }

  private static String anchored(String pattern) {
    return "^(?:" + pattern + ")$";
  }
}
