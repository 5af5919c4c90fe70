package dev.rewind.api.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Admits {@code /api} requests that carry {@code Authorization: Bearer <token>} with a known token
 * (else 401) holding the role the handler requires (else 403), and hands the {@link Caller} to the
 * handler. Failures are thrown as problems so they get the same JSON as every other error.
 */
class BearerTokenInterceptor implements HandlerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(BearerTokenInterceptor.class);
  private static final String SCHEME = "Bearer ";
  static final String CHALLENGE = "Bearer realm=\"rewind\"";

  private final ApiTokens tokens;

  BearerTokenInterceptor(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    String token =
        token(request)
            .orElseThrow(
                () -> unauthorized("this call needs an Authorization: Bearer <token> header"));
    Caller caller =
        tokens
            .authenticate(token)
            .orElseThrow(
                () -> {
                  log.warn(
                      "unknown API token from {} for {} {}",
                      request.getRemoteAddr(),
                      request.getMethod(),
                      request.getRequestURI());
                  return unauthorized("the bearer token is not a known Rewind API token");
                });
    if (handler instanceof HandlerMethod method) {
      RequiresRole required = method.getMethodAnnotation(RequiresRole.class);
      if (required != null && !caller.has(required.value())) {
        throw forbidden(
            "this call needs the role "
                + required.value()
                + "; the token of "
                + caller.identity()
                + " has "
                + caller.roles());
      }
    }
    request.setAttribute(Caller.ATTRIBUTE, caller);
    return true;
  }

  /** The token of an {@code Authorization: Bearer <token>} header, if the request has one. */
  static Optional<String> token(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return Optional.empty();
    }
    return Optional.of(header.substring(SCHEME.length()).strip());
  }

  private static ErrorResponseException unauthorized(String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
    problem.setTitle("Unauthorized");
    ErrorResponseException e = new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
    e.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
    return e;
  }

  private static ErrorResponseException forbidden(String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
    problem.setTitle("Forbidden");
    return new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
  }
}
