package dev.rewind.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.rewind.api.testing.LedgerDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Malformed requests that only a real Tomcat produces (MockMvc neither parses query strings nor
 * resolves multipart): each is a 4xx problem or is served, never a 500. Found by schemathesis.
 */
@LedgerDatabase(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RealHttpTest {
  private final HttpClient http = HttpClient.newHttpClient();
  @LocalServerPort int port;

  @ParameterizedTest(name = "GET /api/v1/rollbacks?{0} → 400 naming the query")
  @ValueSource(strings = {"=null", "limit=5&=x", "=%F0%91%96%B8"})
  void aQueryStringTomcatCannotParseIs400(String query) throws Exception {
    HttpResponse<String> answer = get("/api/v1/rollbacks?" + query, null);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
    List<String> fields = JsonPath.read(answer.body(), "$.errors[*].field");
    assertThat(fields).containsExactly("query");
  }

  @Test
  void aGetWithAMultipartContentTypeIsServed() throws Exception {
    HttpResponse<String> answer =
        get("/api/v1/services/demo-web/environments/dev/deployments", "multipart/form-data");

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path, String contentType) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer pipeline-token");
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
