package dev.rewind.api.ops;

import dev.rewind.api.security.RequiresRole;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents every error an operation can answer, each as {@code application/problem+json} ({@code
 * Problem}): the ones every call shares (400, 401, 503), the ones its shape implies (403 with a
 * role, 404 with a rollback id, 413 and 415 with a body), and those its controller declares with
 * {@code @ApiResponse} (409, 422). Successes are {@code application/json} unless declared
 * otherwise.
 */
@Component
class ProblemResponses implements OperationCustomizer {
  static final String PROBLEM = "application/problem+json";

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    ApiResponses responses = operation.getResponses();
    add(responses, "400", "Invalid request: errors name each field at fault; nothing was done.");
    add(responses, "401", "No Authorization: Bearer token, or not a known one.");
    if (handler.hasMethodAnnotation(RequiresRole.class)
        || handler.getMethod().getName().equals("approve")) {
      add(responses, "403", "The token does not have the role this call needs.");
    }
    if (has(handler, PathVariable.class, "id")) {
      add(responses, "404", "No rollback with this id.");
    }
    if (has(handler, RequestBody.class, null)) {
      add(responses, "413", "The body is over 64 KiB, or has no Content-Length.");
      add(responses, "415", "The body is not application/json.");
    }
    add(
        responses,
        "503",
        "Temporal or the Rewind database is unavailable; the answer says what was recorded."
            + " Try again after Retry-After.");
    responses.forEach(
        (code, response) -> {
          if (code.startsWith("4") || code.startsWith("5")) {
            response.setContent(problem());
          } else if (response.getContent() != null && response.getContent().containsKey("*/*")) {
            MediaType json = response.getContent().remove("*/*");
            response.getContent().addMediaType("application/json", json);
          }
        });
    return operation;
  }

  private static void add(ApiResponses responses, String code, String description) {
    responses.computeIfAbsent(code, c -> new ApiResponse().description(description));
  }

  private static Content problem() {
    return new Content()
        .addMediaType(
            PROBLEM, new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
  }

  private static boolean has(
      HandlerMethod handler, Class<? extends Annotation> annotation, String name) {
    return Arrays.stream(handler.getMethodParameters())
        .filter(p -> p.hasParameterAnnotation(annotation))
        .anyMatch(p -> name == null || name.equals(nameOf(p)));
  }

  private static String nameOf(MethodParameter parameter) {
    PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
    if (path != null && !path.value().isEmpty()) {
      return path.value();
    }
    parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
    return parameter.getParameterName();
  }
}
