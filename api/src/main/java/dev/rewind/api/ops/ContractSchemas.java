package dev.rewind.api.ops;

import dev.rewind.catalog.Catalog;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Makes the document say exactly what the api accepts and answers, so a client generated from it
 * (or schemathesis) meets no surprise:
 *
 * <ul>
 *   <li>patterns match the whole value, as Bean Validation's {@code @Pattern} does (a JSON Schema
 *       pattern matches anywhere in the value unless anchored);
 *   <li>an optional property may be {@code null}: requests may send it (read as absent), answers
 *       write it;
 *   <li>request bodies have no other properties (unknown fields are refused);
 *   <li>{@code service} and {@code environment} name what this api's catalog has.
 * </ul>
 */
@Component
class ContractSchemas implements OpenApiCustomizer {
  private final Set<String> services;
  private final Set<String> environments;

  ContractSchemas(Catalog catalog) {
    this.services = new TreeSet<>(catalog.services().keySet());
    this.environments = new TreeSet<>();
    catalog.services().values().forEach(s -> environments.addAll(s.environments().keySet()));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void customise(OpenAPI openApi) {
    Map<String, Schema> components = openApi.getComponents().getSchemas();
    Set<String> requestBodies = new HashSet<>();
    openApi
        .getPaths()
        .values()
        .forEach(
            path ->
                path.readOperations()
                    .forEach(
                        operation -> {
                          requestBodies.addAll(requestBodyNames(operation));
                          if (operation.getParameters() != null) {
                            operation.getParameters().forEach(this::parameter);
                          }
                        }));
    components.forEach(
        (name, schema) -> {
          if (requestBodies.contains(name)) {
            schema.setAdditionalProperties(false);
            catalogNames(schema);
          }
          if (schema.getProperties() != null) {
            for (Schema<?> property :
                ((Map<String, Schema<?>>) (Map) schema.getProperties()).values()) {
              ValidationSchemas.notBlank(property);
            }
          }
          nullableOptionals(schema);
          walk(schema);
        });
  }

  private void parameter(Parameter parameter) {
    Schema<?> schema = parameter.getSchema();
    if ("path".equals(parameter.getIn())
        && schema != null
        && Set.of("service", "environment").contains(parameter.getName())) {
      // springdoc may share one schema object between parameters of the same type
      schema = new Schema<>().type(schema.getType()).types(schema.getTypes());
      parameter.setSchema(schema);
      catalogName(parameter.getName(), schema);
    }
    walk(schema);
  }

  private void catalogNames(Schema<?> body) {
    if (body.getProperties() != null) {
      body.getProperties().forEach(this::catalogName);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void catalogName(String name, Schema schema) {
    Set<String> known =
        switch (name) {
          case "service" -> services;
          case "environment" -> environments;
          default -> null;
        };
    if (known != null && schema != null) {
      schema.setEnum(new ArrayList<>(known));
    }
  }

  /** Anchors every pattern, in this schema and every one it contains. */
  private static void walk(Schema<?> schema) {
    if (schema == null) {
      return;
    }
    String pattern = schema.getPattern();
    if (pattern != null && !(pattern.startsWith("^") && pattern.endsWith("$"))) {
      schema.setPattern("^(?:" + pattern + ")$");
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(ContractSchemas::walk);
    }
    walk(schema.getItems());
    for (List<Schema> all : List.of(list(schema.getAllOf()), list(schema.getAnyOf()))) {
      all.forEach(ContractSchemas::walk);
    }
  }

  /** Every property not in {@code required} may also be {@code null}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void nullableOptionals(Schema<?> schema) {
    if (schema.getProperties() == null) {
      return;
    }
    List<String> required = list(schema.getRequired());
    Map<String, Schema> properties = (Map) schema.getProperties();
    properties.replaceAll(
        (name, property) -> required.contains(name) ? property : orNull(property));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Schema orNull(Schema property) {
    if (property.get$ref() != null) {
      return new Schema<>().anyOf(List.of(property, new Schema<>().types(Set.of("null"))));
    }
    Set<String> types = property.getTypes();
    if (types == null && property.getType() != null) {
      types = Set.of(property.getType());
    }
    if (types != null && !types.contains("null")) {
      Set<String> withNull = new TreeSet<>(types);
      withNull.add("null");
      property.setTypes(withNull);
      if (property.getEnum() != null && !property.getEnum().contains(null)) {
        List values = new ArrayList<>(property.getEnum());
        values.add(null);
        property.setEnum(values);
      }
    }
    return property;
  }

  private static Set<String> requestBodyNames(Operation operation) {
    Set<String> names = new HashSet<>();
    if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
      for (MediaType media : operation.getRequestBody().getContent().values()) {
        String ref = media.getSchema() == null ? null : media.getSchema().get$ref();
        if (ref != null) {
          names.add(ref.substring(ref.lastIndexOf('/') + 1));
        }
      }
    }
    return names;
  }

  private static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : values;
  }
}
