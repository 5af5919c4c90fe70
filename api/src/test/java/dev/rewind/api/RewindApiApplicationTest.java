package dev.rewind.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.rewind.catalog.Catalog;
import io.temporal.client.WorkflowClient;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole API starts from the dev-stack settings on its database while Temporal is unreachable
 * (port 1): it is alive but not ready, and readiness says which part is missing.
 */
@Tag("infra")
@SpringBootTest(
    properties = {
      "rewind.catalog=../examples/rewind.yml",
      "rewind.auth.dev-token=dev-token",
      "rewind.temporal.address=127.0.0.1:1",
      "rewind.temporal.call-timeout=1s",
      "spring.datasource.hikari.maximum-pool-size=5"
    })
@AutoConfigureMockMvc
@ActiveProfiles("dev")
class RewindApiApplicationTest {
  @Autowired ApplicationContext context;
  @Autowired MockMvc mvc;

  @Test
  void startsWithTheExampleCatalogALazyTemporalClientAndAMigratedDatabase() {
    assertThat(context.getBean(Catalog.class).services()).containsKey("demo-web");
    assertThat(context.getBean(WorkflowClient.class).getOptions().getNamespace())
        .isEqualTo("default");
    assertThat(context.getBeansOfType(DataSource.class)).hasSize(1);
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    assertThat(
            jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success")
                .query(Long.class)
                .single())
        .isPositive();
  }

  @Test
  void probesAreOpenWithoutTokenAndReadinessNeedsTemporal() throws Exception {
    mvc.perform(get("/actuator/health/liveness"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"));
    mvc.perform(get("/actuator/health/readiness"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.status").value("DOWN"))
        .andExpect(jsonPath("$.components.db.status").value("UP"))
        .andExpect(jsonPath("$.components.temporal.status").value("DOWN"));
  }
}
