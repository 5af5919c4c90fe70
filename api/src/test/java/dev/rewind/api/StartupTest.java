package dev.rewind.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.catalog.yaml.InvalidYamlException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A misconfigured API does not start, and says in one message what to fix. */
class StartupTest {
  @TempDir Path dir;

  private Throwable start(String... args) {
    SpringApplication app = new SpringApplication(RewindApiApplication.class);
    try {
      app.run(args).close();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  @Test
  void aBadCatalogStopsStartUpNamingFileKeyAndProblem() throws Exception {
    Path catalog = dir.resolve("rewind.yml");
    Files.writeString(
        catalog,
        "hosts: {local: {transport: agent}}\n"
            + "services: {billing-api: {production: {hosts: [local],"
            + " health: {url: \"http://h/\", timeout: soon}}}}\n");

    Throwable failure =
        start(
            "--server.port=0",
            "--spring.profiles.active=dev",
            "--rewind.catalog=" + catalog,
            "--rewind.auth.dev-token=t");

    FailureAnalysis analysis = new StartupProblemAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getCause()).isInstanceOf(InvalidYamlException.class);
    assertThat(analysis.getDescription())
        .isEqualTo(
            "catalog "
                + catalog
                + ": services.billing-api.production.health.timeout: must be a positive duration"
                + " like 30s, 2m or 24h, not \"soon\"");
  }

  // The token checks run before any bean, so these need no database.

  @Test
  void outsideTheDevProfileNoTokensFileStopsStartUp() {
    Throwable failure = start("--server.port=0", "--rewind.catalog=../examples/rewind.yml");

    assertThat(analysis(failure).getDescription())
        .isEqualTo(
            "REWIND_TOKENS_FILE (rewind.auth.tokens-file) is not set: outside the dev profile the"
                + " Rewind API needs a tokens file");
  }

  @Test
  void aDevTokenWithoutTheDevProfileStopsStartUpNamingBoth() {
    Throwable failure =
        start(
            "--server.port=0",
            "--rewind.catalog=../examples/rewind.yml",
            "--rewind.auth.tokens-file=src/test/resources/tokens.yml",
            "--rewind.auth.dev-token=t");

    FailureAnalysis analysis = analysis(failure);
    assertThat(analysis.getDescription())
        .contains("REWIND_DEV_TOKEN")
        .contains("the Spring profile \"dev\" is not active");
    assertThat(analysis.getAction()).contains("SPRING_PROFILES_ACTIVE=dev");
  }

  @Test
  void inTheDevProfileNoTokenAtAllStopsStartUp() {
    Throwable failure =
        start(
            "--server.port=0",
            "--spring.profiles.active=dev",
            "--rewind.catalog=../examples/rewind.yml");

    assertThat(analysis(failure).getDescription()).contains("no API token is configured");
  }

  private static FailureAnalysis analysis(Throwable failure) {
    assertThat(failure).as("start-up should have failed").isNotNull();
    FailureAnalysis analysis = new StartupProblemAnalyzer().analyze(failure);
    assertThat(analysis).as("a StartupProblem, not %s", failure).isNotNull();
    return analysis;
  }
}
