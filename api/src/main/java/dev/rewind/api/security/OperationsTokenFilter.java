package dev.rewind.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Everything outside {@code /api} also needs a valid token (any role): Prometheus metrics, the
 * OpenAPI document and Swagger UI tell an attacker what runs and what to try. Open are only the
 * health probes (load balancers and the scripts poll them without a token) and the codec endpoint,
 * which checks its own tokens. {@code /api} is left to {@link BearerTokenInterceptor}, which also
 * checks roles.
 */
class OperationsTokenFilter extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(OperationsTokenFilter.class);

  private final ApiTokens tokens;

  OperationsTokenFilter(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/api/")
        || path.startsWith("/codec/")
        || path.equals("/actuator/health")
        || path.startsWith("/actuator/health/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var caller = BearerTokenInterceptor.token(request).flatMap(tokens::authenticate);
    if (caller.isEmpty()) {
      log.warn(
          "no known API token from {} for {} {}",
          request.getRemoteAddr(),
          request.getMethod(),
          request.getRequestURI());
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, BearerTokenInterceptor.CHALLENGE);
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response
          .getWriter()
          .write(
              "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":"
                  + "\"this needs an Authorization: Bearer <token> header with a known Rewind API"
                  + " token (any role)\"}");
      return;
    }
    request.setAttribute(Caller.ATTRIBUTE, caller.get());
    chain.doFilter(request, response);
  }
}
