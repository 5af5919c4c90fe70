package dev.rewind.api.rollbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.Tables;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Temporal is down (nothing listens on its port) when a pipeline asks for a rollback: the answer is
 * 503 with Retry-After, and the ledger holds no trace of it — no rollback row, no action.
 */
@Tag("infra")
@SpringBootTest(
    properties = {
      "rewind.catalog=src/test/resources/catalogs/api-test.yml",
      "rewind.auth.tokens-file=src/test/resources/tokens-it.yml",
      "rewind.temporal.call-timeout=1s",
      "spring.datasource.hikari.maximum-pool-size=5"
    })
@AutoConfigureMockMvc
class TemporalUnreachableTest {
  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;

  @DynamicPropertySource
  static void nowhere(DynamicPropertyRegistry registry) throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    int closed = port;
    registry.add("rewind.temporal.address", () -> "127.0.0.1:" + closed);
  }

  @BeforeEach
  void empty() {
    Tables.empty(jdbc);
  }

  @Test
  void aRollbackRequestIs503AndNothingIsRecordedAsAccepted() throws Exception {
    var answer =
        new Api(mvc)
            .post(
                "pipeline-token",
                "/api/v1/rollbacks",
                """
                {"service": "demo-web", "environment": "dev", "strategy": "container-revert",
                 "targetVersion": "v1", "reason": "5xx after v2"}
                """,
                "Idempotency-Key",
                "deploy-99");

    assertThat(answer.getStatus()).isEqualTo(503);
    assertThat(answer.getContentType()).isEqualTo("application/problem+json");
    assertThat(answer.getHeader("Retry-After")).isEqualTo("10");
    assertThat((String) Api.read(answer, "$.detail")).contains("nothing was started");
    assertThat(Tables.counts(jdbc))
        .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
  }
}
