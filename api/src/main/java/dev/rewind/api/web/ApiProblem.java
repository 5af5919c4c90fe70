package dev.rewind.api.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Builds the {@code application/problem+json} answers that are not about a request field. */
public final class ApiProblem {
  private final HttpStatus status;
  private final ProblemDetail problem;

  private ApiProblem(HttpStatus status, String title, String detail) {
    this.status = status;
    this.problem = ProblemDetail.forStatusAndDetail(status, detail);
    this.problem.setTitle(title);
  }

  public static ApiProblem of(HttpStatus status, String title, String detail) {
    return new ApiProblem(status, title, detail);
  }

  /** 404 for an id that names nothing; {@code errors} names the {@code id} path parameter. */
  public static ErrorResponseException notFound(String what, String id) {
    String detail = "no " + what.toLowerCase() + " with id " + id;
    return of(HttpStatus.NOT_FOUND, what + " not found", detail)
        .with("errors", List.of(new FieldProblem("id", detail)))
        .exception();
  }

  public ApiProblem with(String property, Object value) {
    problem.setProperty(property, value);
    return this;
  }

  public ErrorResponseException exception() {
    return new ErrorResponseException(status, problem, null);
  }
}
