package dev.rewind.api.rollbacks;

import dev.rewind.api.catalog.CatalogConfig;
import dev.rewind.api.catalog.CatalogLookup;
import dev.rewind.api.deployments.DeploymentRegistry;
import dev.rewind.api.ledger.RollbackLedger;
import dev.rewind.api.rollbacks.planning.RollbackPlanner;
import dev.rewind.api.security.ApiTokens;
import dev.rewind.api.temporal.TemporalProperties;
import dev.rewind.api.web.StrategyPlanJson;
import dev.rewind.api.web.StrictJson;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The web slice for the rollbacks API: real security, the real planners and the catalog named by
 * the test class ({@code @TestPropertySource(properties = "rewind.catalog=...")}); Temporal ({@link
 * Rollbacks}, {@link Preflight}), the intake, ledger and registry (the database) are mocks. Tokens:
 * {@code dev-token} (every role), {@code pipeline-token}, {@code operator-token} (no pipeline
 * role).
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
@MockitoBean(
    types = {
      RollbackIntake.class,
      RollbackLedger.class,
      DeploymentRegistry.class,
      Rollbacks.class,
      Preflight.class
    })
@ActiveProfiles("dev") // for dev-token
@Import({
  RollbacksWebTest.Planning.class,
  CatalogConfig.class,
  CatalogLookup.class,
  RollbackLinks.class,
  ApiTokens.class,
  StrictJson.class,
  StrategyPlanJson.class
})
@interface RollbacksWebTest {

  @TestConfiguration
  @EnableConfigurationProperties(TemporalProperties.class)
  @ComponentScan(basePackageClasses = RollbackPlanner.class)
  class Planning {}
}
