package dev.rewind.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API bodies over {@link #MAX_BYTES} with a 413 problem before anything reads them: no
 * request of the contract comes near it, and a huge body should not cost memory to parse.
 */
@Component
class BodySizeLimit extends OncePerRequestFilter {
  static final long MAX_BYTES = 64 * 1024;

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long length = request.getContentLengthLong();
    if (length > MAX_BYTES || (length < 0 && request.getHeader("Transfer-Encoding") != null)) {
      response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response
          .getWriter()
          .write(
              "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                  + "\"detail\":\"body: must be at most "
                  + MAX_BYTES
                  + " bytes, with a Content-Length\",\"errors\":[{\"field\":\"body\","
                  + "\"message\":\"must be at most "
                  + MAX_BYTES
                  + " bytes\"}]}");
      return;
    }
    chain.doFilter(request, response);
  }
}
