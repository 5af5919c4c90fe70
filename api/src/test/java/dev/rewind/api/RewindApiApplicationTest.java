package dev.rewind.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.rewind.api.catalog.Catalog;
import io.temporal.client.WorkflowClient;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;

/** The whole API starts from the dev-stack settings without Temporal running and without a DB. */
@SpringBootTest(
    properties = {"rewind.catalog=../examples/rewind.yml", "rewind.auth.dev-token=dev-token"})
@AutoConfigureMockMvc
class RewindApiApplicationTest {
  @Autowired ApplicationContext context;
  @Autowired MockMvc mvc;

  @Test
  void startsWithTheExampleCatalogAndALazyTemporalClient() {
    assertThat(context.getBean(Catalog.class).services()).containsKey("demo-web");
    assertThat(context.getBean(WorkflowClient.class).getOptions().getNamespace())
        .isEqualTo("default");
    assertThat(context.getBeansOfType(DataSource.class)).isEmpty();
  }

  @Test
  void probesAreOpenWithoutToken() throws Exception {
    mvc.perform(get("/actuator/health/liveness"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"));
    mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
  }
}
