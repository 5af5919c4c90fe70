package dev.rewind.api.rollbacks;

import dev.rewind.api.catalog.CatalogLookup;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.security.ApiTokens;
import dev.rewind.api.temporal.TemporalProperties;
import dev.rewind.api.web.StrictJson;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogReader;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The web slice for the rollbacks API: real security, planner and test catalog ({@code
 * catalogs/api-test.yml}); tests mock {@link Rollbacks} (Temporal), and the intake, ledger and
 * registry (the database) are mocks. Tokens: {@code dev-token} (every role), {@code
 * pipeline-token}, {@code operator-token} (no pipeline role).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebMvcTest(
    controllers = RollbacksController.class,
    properties = {
      "rewind.auth.dev-token=dev-token",
      "rewind.auth.tokens-file=src/test/resources/tokens.yml",
      "rewind.temporal.ui=http://temporal.test:8233",
      "rewind.temporal.namespace=rewind"
    })
@MockitoBean(types = {RollbackIntake.class, RollbackLedger.class, DeploymentRegistry.class})
@Import({
  RollbacksWebTest.TestCatalog.class,
  CatalogLookup.class,
  RollbackPlanner.class,
  RollbackLinks.class,
  ApiTokens.class,
  StrictJson.class
})
@interface RollbacksWebTest {

  @TestConfiguration
  @EnableConfigurationProperties(TemporalProperties.class)
  class TestCatalog {
    @Bean
    Catalog catalog() {
      return CatalogReader.read(Path.of("src/test/resources/catalogs/api-test.yml"));
    }
  }
}
