package dev.rewind.api.codec;

import dev.rewind.api.security.ApiTokens;
import dev.rewind.api.security.Caller;
import dev.rewind.api.web.ApiProblem;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.workflows.codec.RemoteCodec;
import dev.rewind.workflows.codec.TemporalSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The codec endpoint the Temporal UI (and {@code temporal --codec-endpoint}) decodes payloads with,
 * so operators read every step although Temporal stores only ciphertext. {@code POST /codec/decode}
 * needs {@code Authorization: Bearer <Rewind API token>} (any role: the same data is in {@code GET
 * /rollbacks/{id}}); {@code POST /codec/ui/<token>/decode} is for a UI that cannot send that
 * header, with the decode-only {@code REWIND_CODEC_UI_TOKEN}. There is no encode.
 */
@RestController
class CodecController {
  private static final Logger log = LoggerFactory.getLogger(CodecController.class);
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
  private static final String BEARER = "Bearer ";

  private final ApiTokens tokens;
  private final RemoteCodec codec;
  private final byte[] uiToken;

  CodecController(ApiTokens tokens, TemporalSettings settings, CodecEndpointProperties properties) {
    this.tokens = tokens;
    this.codec = new RemoteCodec(settings.encryption());
    this.uiToken = properties.uiToken() == null ? null : sha256(properties.uiToken());
  }

  @PostMapping(
      path = "/codec/decode",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  String decode(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      HttpServletRequest request)
      throws IOException {
    Caller caller = caller(authorization, request);
    return answer(request, caller.identity());
  }

  @PostMapping(
      path = "/codec/ui/{token}/decode",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  String decodeForUi(@PathVariable String token, HttpServletRequest request) throws IOException {
    if (uiToken == null) {
      throw unauthorized("no UI codec token is configured (REWIND_CODEC_UI_TOKEN)");
    }
    if (!MessageDigest.isEqual(uiToken, sha256(token))) {
      log.warn("codec: wrong UI codec token from {}", request.getRemoteAddr());
      throw unauthorized("the UI codec token in the path is not this api's");
    }
    return answer(request, "temporal-ui");
  }

  private Caller caller(String authorization, HttpServletRequest request) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw unauthorized("decoding needs an Authorization: Bearer <Rewind API token> header");
    }
    return tokens
        .authenticate(authorization.substring(BEARER.length()).strip())
        .orElseThrow(
            () -> {
              log.warn("codec: unknown API token from {}", request.getRemoteAddr());
              return unauthorized("the bearer token is not a known Rewind API token");
            });
  }

  private String answer(HttpServletRequest request, String who) throws IOException {
    String body = body(request);
    try {
      String decoded = codec.decode(body);
      log.debug("codec: decoded payloads for {}", who);
      return decoded;
    } catch (RemoteCodec.Refused e) {
      if (e.reason() == RemoteCodec.Reason.UNREADABLE_BODY) {
        throw problem(HttpStatus.BAD_REQUEST, "Invalid request", e.field(), e.getMessage());
      }
      log.warn("codec: {} for {}: {}", e.field(), who, e.getMessage());
      throw problem(HttpStatus.UNPROCESSABLE_CONTENT, "Cannot decode", e.field(), e.getMessage());
    }
  }

  private static String body(HttpServletRequest request) throws IOException {
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw problem(
            HttpStatus.CONTENT_TOO_LARGE,
            "Content Too Large",
            "body",
            "must be at most " + MAX_BODY_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static ErrorResponseException problem(
      HttpStatus status, String title, String field, String message) {
    FieldProblem problem = new FieldProblem(field, message);
    return ApiProblem.of(status, title, problem.toString())
        .with("errors", List.of(problem))
        .exception();
  }

  private static ErrorResponseException unauthorized(String detail) {
    ErrorResponseException e =
        ApiProblem.of(HttpStatus.UNAUTHORIZED, "Unauthorized", detail).exception();
    e.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rewind\"");
    return e;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
