package dev.rewind.api.ops;

import dev.rewind.api.security.RequiresRole;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
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
                    "bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
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
