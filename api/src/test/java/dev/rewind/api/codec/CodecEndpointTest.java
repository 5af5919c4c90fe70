package dev.rewind.api.codec;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.google.protobuf.util.JsonFormat;
import dev.rewind.api.security.ApiTokens;
import dev.rewind.api.temporal.TemporalConfig;
import dev.rewind.workflows.codec.AesGcmCodec;
import dev.rewind.workflows.codec.CodecKeys;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The codec endpoint the Temporal UI decodes with: a token is required, CORS admits the UI's origin
 * only (preflight included), and decoding answers the plaintext. Tokens: {@code pipeline-token}
 * ({@code tokens.yml}) and the UI's decode-only token in the path.
 */
@WebMvcTest(
    controllers = CodecController.class,
    properties = {
      "rewind.auth.tokens-file=src/test/resources/tokens.yml",
      "rewind.temporal.ui=http://127.0.0.1:8233",
      "rewind.codec.ui-token=" + CodecEndpointTest.UI_TOKEN
    })
@Import({TemporalConfig.class, CodecCors.class, ApiTokens.class})
class CodecEndpointTest {
  static final String UI_TOKEN = "ui-0123456789abcdef0123456789abcdef";
  private static final String UI = "http://127.0.0.1:8233";
  private static final Path KEYS = keyFile();

  @Autowired MockMvc mvc;

  @DynamicPropertySource
  static void keys(DynamicPropertyRegistry registry) {
    registry.add("rewind.codec.keys", KEYS::toString);
  }

  private static Path keyFile() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    try {
      Path file = Files.createTempFile("codec-keys", "");
      file.toFile().deleteOnExit();
      return Files.writeString(file, "k1=" + Base64.getEncoder().encodeToString(key) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Payload plain(String value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow();
  }

  private static String encrypted(String value) throws Exception {
    Payload sealed = new AesGcmCodec(CodecKeys.read(KEYS)).encode(List.of(plain(value))).get(0);
    return "{\"payloads\": [" + JsonFormat.printer().print(sealed) + "]}";
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes());
  }

  private static MockHttpServletRequestBuilder decode(String body) {
    return post("/codec/decode")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Namespace", "default")
        .content(body);
  }

  private static MockHttpServletRequestBuilder preflight(String origin, String headers) {
    return options("/codec/decode")
        .header(HttpHeaders.ORIGIN, origin)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, headers);
  }

  @Test
  void decodingWithoutATokenIsUnauthorized() throws Exception {
    mvc.perform(decode(encrypted("restore billing")))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rewind\""))
        .andExpect(jsonPath("$.detail", containsString("Authorization: Bearer")));
  }

  @Test
  void decodingWithAnUnknownTokenIsUnauthorized() throws Exception {
    mvc.perform(decode(encrypted("x")).header(HttpHeaders.AUTHORIZATION, "Bearer guess"))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void decodingWithAnApiTokenAnswersThePlaintext() throws Exception {
    mvc.perform(
            decode(encrypted("restore billing"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer pipeline-token"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
        .andExpect(jsonPath("$.payloads[0].metadata.encoding").value(base64("json/plain")))
        .andExpect(jsonPath("$.payloads[0].data").value(base64("\"restore billing\"")));
  }

  @Test
  void theUiDecodesWithItsTokenInThePathFromItsOrigin() throws Exception {
    mvc.perform(
            post("/codec/ui/" + UI_TOKEN + "/decode")
                .header(HttpHeaders.ORIGIN, UI)
                .contentType(MediaType.APPLICATION_JSON)
                .content(encrypted("restore billing")))
        .andExpect(status().isOk())
        .andExpect(header().string(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, UI))
        .andExpect(jsonPath("$.payloads[0].data").value(base64("\"restore billing\"")));
  }

  @Test
  void aWrongUiTokenIsUnauthorized() throws Exception {
    mvc.perform(
            post("/codec/ui/ui-ffffffffffffffffffffffffffffffffff/decode")
                .contentType(MediaType.APPLICATION_JSON)
                .content(encrypted("x")))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void aPreflightFromTheUiOriginIsAllowedWithoutAToken() throws Exception {
    mvc.perform(preflight(UI, "content-type,x-namespace,authorization"))
        .andExpect(status().isOk())
        .andExpect(header().string(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, UI))
        .andExpect(
            header()
                .string(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, containsString("x-namespace")))
        .andExpect(header().string(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST"));
  }

  @Test
  void aPreflightFromAnotherOriginIsRefused() throws Exception {
    mvc.perform(preflight("http://attacker.test", "content-type"))
        .andExpect(status().isForbidden())
        .andExpect(header().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN));
  }

  @Test
  void aDecodeFromAnotherOriginIsRefusedEvenWithAToken() throws Exception {
    mvc.perform(
            decode(encrypted("x"))
                .header(HttpHeaders.ORIGIN, "http://attacker.test")
                .header(HttpHeaders.AUTHORIZATION, "Bearer pipeline-token"))
        .andExpect(status().isForbidden())
        .andExpect(header().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN));
  }

  @Test
  void aBodyThatIsNotPayloadsIsABadRequestProblem() throws Exception {
    mvc.perform(
            decode("{\"payloads\": [{\"data\": 7}]}")
                .header(HttpHeaders.AUTHORIZATION, "Bearer pipeline-token"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("payloads"));
  }

  @Test
  void aPayloadUnderAnUnknownKeyIsUnprocessableNamingIt() throws Exception {
    String foreign =
        "{\"payloads\": [{\"metadata\": {\"encoding\": \""
            + base64("binary/encrypted")
            + "\", \"encryption-key-id\": \""
            + base64("k2019")
            + "\"}, \"data\": \""
            + base64("0123456789abcdef0123456789abcdef")
            + "\"}]}";

    mvc.perform(decode(foreign).header(HttpHeaders.AUTHORIZATION, "Bearer pipeline-token"))
        .andExpect(status().isUnprocessableContent())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("payloads[0]"))
        .andExpect(jsonPath("$.detail", containsString("key id 'k2019'")));
  }

  @Test
  void aBodyThatIsNotJsonTypedIsUnsupported() throws Exception {
    mvc.perform(
            post("/codec/decode")
                .header(HttpHeaders.AUTHORIZATION, "Bearer pipeline-token")
                .contentType(MediaType.TEXT_PLAIN)
                .content("payloads"))
        .andExpect(status().isUnsupportedMediaType());
  }
}
