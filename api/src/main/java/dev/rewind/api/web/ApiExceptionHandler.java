package dev.rewind.api.web;

import dev.rewind.api.temporal.TemporalUnavailableException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error leaves the API as RFC 9457 {@code application/problem+json}. Request mistakes carry
 * an {@code errors} list of {@code {field, message}} and a detail naming the fields, so a pipeline
 * log says what to fix without reading our code.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<Object> invalidRequest(InvalidRequestException e) {
    return badRequest(e.problems());
  }

  @ExceptionHandler(TemporalUnavailableException.class)
  ResponseEntity<Object> temporalUnavailable(TemporalUnavailableException e) {
    log.warn("{}", e.getMessage(), e.getCause());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("Temporal unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "10")
        .body(problem);
  }

  /** The ledger's database is down or out of connections: nothing was accepted, try again. */
  @ExceptionHandler(DataAccessResourceFailureException.class)
  ResponseEntity<Object> databaseUnavailable(DataAccessResourceFailureException e) {
    log.warn("database unavailable: {}", e.getMessage());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "the Rewind database is unavailable: nothing was recorded, try again");
    problem.setTitle("Database unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "10")
        .body(problem);
  }

  /**
   * A query string Tomcat cannot split into parameters ({@code ?=null}: a value without a name, or
   * broken %-encoding). Tomcat 11 throws this from the first {@code getParameter} call, where the
   * handler's arguments are resolved, instead of dropping the chunk as earlier versions did.
   */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<Object> unreadableQuery(InvalidParameterException e) {
    return badRequest(
        List.of(
            new FieldProblem(
                "query",
                "is not a valid query string: each parameter needs a name and valid"
                    + " %-encoding")));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    log.error("request failed", e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "internal error; see the Rewind API log");
    return ResponseEntity.internalServerError().body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    // One message per field, in a stable order: @NotBlank and @Pattern both fire on "".
    Map<String, FieldProblem> byField = new LinkedHashMap<>();
    e.getBindingResult().getFieldErrors().stream()
        .sorted(Comparator.comparing(FieldError::getField))
        .forEach(
            f ->
                byField.putIfAbsent(
                    f.getField(), new FieldProblem(f.getField(), f.getDefaultMessage())));
    return badRequest(List.copyOf(byField.values()));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    FieldProblem problem = new FieldProblem("Content-Type", "must be application/json");
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported request: " + problem);
    body.setTitle("Unsupported Media Type");
    body.setProperty("errors", List.of(problem));
    return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers).body(body);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
    return badRequest(List.of(new FieldProblem(field, "has the wrong type or format")));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return badRequest(List.of(unreadable(e)));
  }

  private static FieldProblem unreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getMostSpecificCause();
    if (cause instanceof StreamReadException broken) {
      return new FieldProblem("body", "is not valid JSON: " + broken.getOriginalMessage());
    }
    if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
      String field = fieldPath(jackson);
      if (cause instanceof UnrecognizedPropertyException) {
        return new FieldProblem(field, "is not a known field");
      }
      return new FieldProblem(field, expected(cause));
    }
    return new FieldProblem("body", "must be one JSON object");
  }

  private static String expected(Throwable cause) {
    Class<?> type = cause instanceof MismatchedInputException m ? m.getTargetType() : null;
    if (type == Boolean.class || type == boolean.class) {
      return "must be true or false";
    }
    if (type == Integer.class || type == int.class) {
      return "must be a whole number";
    }
    if (type == String.class) {
      return "must be a string";
    }
    return "has the wrong type or format";
  }

  private static String fieldPath(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static ResponseEntity<Object> badRequest(List<FieldProblem> problems) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            "invalid request: "
                + String.join("; ", problems.stream().map(FieldProblem::toString).toList()));
    problem.setTitle("Invalid request");
    problem.setProperty("errors", problems);
    return ResponseEntity.badRequest().body(problem);
  }
}
