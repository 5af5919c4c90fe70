package dev.rewind.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.catalog.yaml.InvalidYamlException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
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
        start("--server.port=0", "--rewind.catalog=" + catalog, "--rewind.auth.dev-token=t");

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

  @Test
  @Tag("infra") // the context reaches the token check only once the database answers
  void noTokenSourceStopsStartUp() {
    Throwable failure = start("--server.port=0", "--rewind.catalog=../examples/rewind.yml");

    FailureAnalysis analysis = new StartupProblemAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription()).contains("no API token is configured");
  }
}
