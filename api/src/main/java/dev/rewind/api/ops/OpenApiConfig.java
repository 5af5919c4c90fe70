package dev.rewind.api.ops;

import dev.rewind.api.security.RequiresRole;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}): every {@code
 * /api/v1} call, all behind a bearer token.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

  @Bean
  OpenAPI rewindOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Rewind API")
                .version("v1")
                .description(
                    "Durable, orchestrated rollbacks on Temporal: the deployment registry, rollback"
                        + " requests, approvals, operator actions and incident reports. Roles:"
                        + " pipeline, operator, approver:dba, approver:manager."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                .addSchemas("FieldProblem", fieldProblem())
                .addSchemas("Problem", problem()))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }

  /**
   * A rollback request names its chain once: {@code strategy} or {@code strategies}, not both and
   * not neither (a null one counts as absent), as the planner refuses. The planner's word for
   * neither is "missing", not "is required": schemathesis reads "is required" in a 400 as a field
   * every request must hold and adds it to both branches, which leaves no body that matches one.
   */
  @Bean
  OpenApiCustomizer strategyOrStrategies() {
    return openApi -> {
      var request = openApi.getComponents().getSchemas().get("RollbackRequest");
      if (request != null) {
        request.setOneOf(
            List.of(
                new ObjectSchema()
                    .addRequiredItem("strategy")
                    .addProperty("strategy", new StringSchema()),
                new ObjectSchema()
                    .addRequiredItem("strategies")
                    .addProperty("strategies", new ArraySchema())));
      }
    };
  }

  /**
   * A drill runs by {@code every} or by {@code cron}, one of them, as {@code POST /drills} refuses.
   */
  @Bean
  OpenApiCustomizer everyOrCron() {
    return openApi -> {
      var request = openApi.getComponents().getSchemas().get("DrillRequest");
      if (request != null) {
        request.setOneOf(
            List.of(
                new ObjectSchema()
                    .addRequiredItem("every")
                    .addProperty("every", new StringSchema()),
                new ObjectSchema()
                    .addRequiredItem("cron")
                    .addProperty("cron", new StringSchema())));
      }
    };
  }

  /** RFC 9457 problem details, as every error is answered; more members may follow. */
  private static ObjectSchema problem() {
    ObjectSchema problem = new ObjectSchema();
    problem.description("RFC 9457 problem details; errors name the fields at fault.");
    problem.addProperty("type", new StringSchema());
    problem.addProperty("title", new StringSchema());
    problem.addProperty("status", new IntegerSchema().minimum(java.math.BigDecimal.valueOf(400)));
    problem.addProperty("detail", new StringSchema());
    problem.addProperty("instance", new StringSchema());
    problem.addProperty(
        "errors",
        new ArraySchema()
            .items(
                new io.swagger.v3.oas.models.media.Schema<>()
                    .$ref("#/components/schemas/FieldProblem")));
    problem.required(java.util.List.of("status", "title"));
    return problem;
  }

  private static ObjectSchema fieldProblem() {
    ObjectSchema field = new ObjectSchema();
    field.description(
        "One thing wrong with a request: the field (or header, path parameter) at fault.");
    field.addProperty("field", new StringSchema());
    field.addProperty("message", new StringSchema());
    field.required(java.util.List.of("field", "message"));
    return field;
  }

  /** Says on every operation which role its token needs, as the interceptor enforces it. */
  @Bean
  OperationCustomizer requiredRoles() {
    return (operation, handler) -> {
      RequiresRole role = handler.getMethodAnnotation(RequiresRole.class);
      String who =
          role != null
              ? "Role: " + role.value() + "."
              : handler.getMethod().getName().equals("approve")
                  ? "Role: approver:<kind> (approver:dba for kind dba, approver:manager for"
                      + " manager)."
                  : "Role: any valid token.";
      String description = operation.getDescription();
      operation.setDescription(description == null ? who : description + " " + who);
      return operation;
    };
  }
}
