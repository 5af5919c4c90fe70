package dev.rewind.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.catalog.CatalogHost.Transport;
import dev.rewind.catalog.yaml.InvalidYamlException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTest {

  @Test
  void theDevStackExampleLoads() {
    Catalog catalog = CatalogReader.read(Path.of("../examples/rewind.yml"));

    assertThat(catalog.hosts()).containsOnlyKeys("local");
    assertThat(catalog.host("local").orElseThrow().transport()).isEqualTo(Transport.AGENT);
    ServiceEnvironment dev =
        catalog.service("demo-web").orElseThrow().environment("dev").orElseThrow();
    assertThat(dev.hosts()).containsExactly("local");
    assertThat(dev.health())
        .isEqualTo(
            new ServiceEnvironment.Health(
                URI.create("http://127.0.0.1:18080/health"),
                200,
                Duration.ofSeconds(30),
                ServiceEnvironment.Health.WATCH_EVERY_SECONDS,
                ServiceEnvironment.Health.WATCH_FAILURES));
    assertThat(dev.container())
        .isEqualTo(
            new ServiceEnvironment.Container(
                "demo-web", "app", "unix:///var/run/docker.sock", false));
    assertThat(dev.escalation().targets()).isEmpty();
  }

  @Test
  void everySectionOfTheDesignExampleLoads() {
    Catalog catalog = CatalogReader.read(Path.of("src/test/resources/catalogs/full.yml"));

    CatalogHost ssh = catalog.host("app-2").orElseThrow();
    assertThat(ssh)
        .isEqualTo(
            new CatalogHost(
                "app-2",
                Transport.SSH,
                "127.0.0.1:2222",
                "deploy",
                "/etc/rewind/id_ed25519",
                "/etc/rewind/known_hosts"));
    ServiceEnvironment prod =
        catalog.service("billing-api").orElseThrow().environment("production").orElseThrow();
    assertThat(prod.rollout()).isEqualTo(new ServiceEnvironment.Rollout(2, true));
    assertThat(prod.maintenance().on()).containsExactly("touch", "/srv/billing/MAINTENANCE");
    assertThat(prod.code().start()).containsExactly("systemctl", "start", "billing");
    assertThat(prod.code().reinstall()).isNull();
    assertThat(prod.database().maxBackupAge()).isEqualTo(Duration.ofHours(24));
    assertThat(prod.database().jobs()).isEqualTo(1);
    assertThat(prod.database().migrateDown()).endsWith("{targetMigration}");
    assertThat(prod.database().verify())
        .containsExactly("SELECT count(*) > 0 FROM accounting_journal");
    assertThat(prod.config().reload()).containsExactly("nginx", "-s", "reload");
    assertThat(prod.approvals().required()).containsExactly("dba", "manager");
    assertThat(prod.escalation().targets()).containsExactly("oncall");
    assertThat(catalog.notifyTarget("oncall"))
        .contains(
            new NotifyTarget(
                "oncall",
                NotifyTarget.Kind.SLACK,
                URI.create("https://hooks.example/services/T0/B0/rewind")));
  }

  @Test
  void optionalSectionsTakeTheirDefaults() throws Exception {
    Path file = Files.createTempFile("rewind", ".yml");
    Files.writeString(
        file,
        """
        hosts: { local: { transport: agent } }
        services:
          web:
            prod:
              hosts: [local]
              health: { url: "https://web.internal/health" }
        """);

    ServiceEnvironment prod =
        CatalogReader.read(file).service("web").orElseThrow().environment("prod").orElseThrow();

    assertThat(prod.rollout()).isEqualTo(ServiceEnvironment.Rollout.ONE_AT_A_TIME);
    assertThat(prod.health().expectStatus()).isEqualTo(200);
    assertThat(prod.health().timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(prod.container()).isNull();
    assertThat(prod.escalation().targets()).isEqualTo(List.of());
  }

  @Test
  void escalationNamesNotifyTargetsOfEitherKindWhoseUrlsStayInTheCatalog(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("rewind.yml");
    Files.writeString(
        file,
        """
        hosts: { local: { transport: agent } }
        notify:
          oncall: { kind: slack, url: "https://hooks.slack.example/services/T1/B2/s3cr3t" }
          pager: { kind: webhook, url: "http://127.0.0.1:9000/incidents?key=k3y" }
          unused: { kind: webhook, url: "https://example.org/hook" }
        services:
          web:
            prod: { hosts: [local], escalation: { notify: [pager, oncall] } }
            dev: { hosts: [local] }
        """);

    Catalog catalog = CatalogReader.read(file);

    assertThat(catalog.environment("web", "prod").orElseThrow().escalation().targets())
        .containsExactly("pager", "oncall");
    assertThat(catalog.notifyTarget("pager").orElseThrow())
        .isEqualTo(
            new NotifyTarget(
                "pager",
                NotifyTarget.Kind.WEBHOOK,
                URI.create("http://127.0.0.1:9000/incidents?key=k3y")));
    assertThat(catalog.notifyTarget("oncall").orElseThrow().kind())
        .isEqualTo(NotifyTarget.Kind.SLACK);
    assertThat(catalog.notifyTarget("oncall").orElseThrow().toString())
        .isEqualTo("oncall (slack)")
        .doesNotContain("s3cr3t");
    assertThat(catalog.environment("web", "dev").orElseThrow().escalation().targets()).isEmpty();
  }

  @Test
  void notifyRoutesSendEachEventToItsTargetsOnceAndTheirUrlsCountInTheDigest(@TempDir Path dir)
      throws Exception {
    String yaml =
        """
        hosts: { local: { transport: agent } }
        notify:
          team: { kind: slack, url: "https://hooks.example/a" }
          oncall: { kind: webhook, url: "https://hooks.example/b" }
        services:
          web:
            prod:
              hosts: [local]
              notify:
                routes:
                  - { events: [started, succeeded], targets: [team] }
                  - { events: [succeeded, sla-breached], targets: [oncall, team] }
        """;
    Catalog catalog = CatalogReader.read(Files.writeString(dir.resolve("r.yml"), yaml));

    ServiceEnvironment.Notifications routes =
        catalog.environment("web", "prod").orElseThrow().notifications();
    assertThat(routes.targets(NotifyEvent.SUCCEEDED)).containsExactly("team", "oncall");
    assertThat(routes.targets(NotifyEvent.SLA_BREACHED)).containsExactly("oncall", "team");
    assertThat(routes.targets(NotifyEvent.FAILED)).isEmpty();
    assertThat(digest(dir, "s.yml", yaml.replace("/b\"", "/c\"")))
        .isNotEqualTo(digest(dir, "t.yml", yaml));
  }

  @Test
  void approvalsHaveATimeoutAndMayApplyToSomeStrategiesOnly(@TempDir Path dir) throws Exception {
    Catalog catalog =
        CatalogReader.read(
            Files.writeString(
                dir.resolve("a.yml"),
                """
                hosts: { local: { transport: agent } }
                services:
                  web:
                    prod:
                      hosts: [local]
                      approvals: { required: [manager], timeout: 45m, strategies: [config-restore] }
                    dev:
                      hosts: [local]
                      approvals: { required: [dba] }
                """));

    ServiceEnvironment.Approvals prod =
        catalog.environment("web", "prod").orElseThrow().approvals();
    assertThat(prod.timeout()).isEqualTo(Duration.ofMinutes(45));
    assertThat(prod.appliesTo(List.of("code-revert", "config-restore"))).isTrue();
    assertThat(prod.appliesTo(List.of("code-revert"))).isFalse();
    ServiceEnvironment.Approvals dev = catalog.environment("web", "dev").orElseThrow().approvals();
    assertThat(dev.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(dev.appliesTo(List.of("container-revert"))).isTrue();
  }

  @Test
  void aRouteWithAnUnknownEventOrAnUndeclaredTargetStopsStartUp(@TempDir Path dir) {
    String yaml =
        """
        hosts: { local: { transport: agent } }
        notify: { team: { kind: slack, url: "https://hooks.example/a" } }
        services:
          web:
            prod:
              hosts: [local]
              notify: { routes: [{ events: [%s], targets: [%s] }] }
        """;
    assertThatThrownBy(
            () ->
                CatalogReader.read(
                    Files.writeString(dir.resolve("a.yml"), yaml.formatted("rebooted", "team"))))
        .hasMessageContaining("services.web.prod.notify.routes[0].events[0]")
        .hasMessageContaining("unknown event \"rebooted\"");
    assertThatThrownBy(
            () ->
                CatalogReader.read(
                    Files.writeString(dir.resolve("b.yml"), yaml.formatted("started", "ops"))))
        .hasMessageContaining("notify target \"ops\" is not declared under notify");
    assertThatThrownBy(
            () ->
                CatalogReader.read(
                    Files.writeString(
                        dir.resolve("c.yml"), yaml.formatted("started", "\"https://x/y\""))))
        .hasMessageContaining("is a URL")
        .hasMessageNotContaining("https://x/y");
  }

  @Test
  void theSlaPerSeverityComesFromTheEnvironmentWithTheRunbooksFiguresAsDefaults(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("a.yml"),
            """
            hosts: { local: { transport: agent } }
            services:
              web:
                prod: { hosts: [local], sla: { P0: 1m, P3: 8h } }
                dev: { hosts: [local] }
            """);
    Catalog catalog = CatalogReader.read(file);

    ServiceEnvironment.Sla prod = catalog.environment("web", "prod").orElseThrow().sla();
    assertThat(List.of(prod.minutes("P0"), prod.minutes("P1"), prod.minutes("P2")))
        .containsExactly(1, 30, 120);
    assertThat(prod.minutes("P3")).isEqualTo(480);
    ServiceEnvironment.Sla dev = catalog.environment("web", "dev").orElseThrow().sla();
    assertThat(List.of(dev.minutes("P0"), dev.minutes("P1"), dev.minutes("P2"), dev.minutes("P3")))
        .containsExactly(15, 30, 120, 0);
    assertThat(dev.minutes(null)).isZero();
  }

  @Test
  void anSlaOfAnUnknownSeverityOrNotInWholeMinutesStopsStartUp(@TempDir Path dir) {
    String yaml =
        """
        hosts: { local: { transport: agent } }
        services:
          web:
            prod: { hosts: [local], sla: { %s } }
        """;
    assertThatThrownBy(
            () ->
                CatalogReader.read(
                    Files.writeString(dir.resolve("a.yml"), yaml.formatted("P4: 1h"))))
        .hasMessageContaining("services.web.prod.sla.P4")
        .hasMessageContaining("unknown key");
    assertThatThrownBy(
            () ->
                CatalogReader.read(
                    Files.writeString(dir.resolve("b.yml"), yaml.formatted("P0: 90s"))))
        .hasMessageContaining("services.web.prod.sla.P0")
        .hasMessageContaining("whole minutes");
    assertThatThrownBy(
            () ->
                CatalogReader.read(
                    Files.writeString(dir.resolve("c.yml"), yaml.formatted("P0: 0m"))))
        .hasMessageContaining("services.web.prod.sla.P0")
        .hasMessageContaining("positive duration");
  }

  @Test
  void anEscalationTargetRoutedForEscalatedIsPagedOnceByTheIncident(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("a.yml"),
            """
            hosts: { local: { transport: agent } }
            notify:
              oncall: { kind: webhook, url: "https://hooks.example/a" }
              team: { kind: slack, url: "https://hooks.example/b" }
            services:
              web:
                prod:
                  hosts: [local]
                  escalation: { notify: [oncall] }
                  notify: { routes: [{ events: [escalated, sla-breached], targets: [oncall, team] }] }
            """);
    ServiceEnvironment prod = CatalogReader.read(file).environment("web", "prod").orElseThrow();

    assertThat(prod.told(NotifyEvent.ESCALATED)).containsExactly("team");
    assertThat(prod.told(NotifyEvent.SLA_BREACHED)).containsExactly("oncall", "team");
  }

  @Test
  void theDigestOfAnEntryCoversTheNotifyTargetsItNamesAndNoOthers(@TempDir Path dir)
      throws Exception {
    String yaml =
        """
        hosts: { local: { transport: agent } }
        notify:
          oncall: { kind: slack, url: "https://hooks.example/a" }
          other: { kind: webhook, url: "https://hooks.example/b" }
        services:
          web:
            prod: { hosts: [local], escalation: { notify: [oncall] } }
        """;
    String digest = digest(dir, "a.yml", yaml);

    assertThat(digest(dir, "b.yml", yaml.replace("/b\"", "/c\""))).isEqualTo(digest);
    assertThat(digest(dir, "c.yml", yaml.replace("/a\"", "/z\""))).isNotEqualTo(digest);
    assertThat(digest(dir, "d.yml", yaml.replace("kind: slack", "kind: webhook")))
        .isNotEqualTo(digest);
  }

  private static String digest(Path dir, String name, String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve(name), yaml);
    return CatalogReader.read(file).digest("web", "prod");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = Path.of("/nonexistent/rewind.yml");

    assertThatThrownBy(() -> CatalogReader.read(missing))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage("catalog /nonexistent/rewind.yml: no such file");
  }

  @Test
  void theDigestOfAnEntryIgnoresLayoutAndOtherEntriesButNotItsContent(@TempDir Path dir)
      throws Exception {
    String entry =
        """
        hosts:
          local: { transport: agent }
          other: { transport: agent }
        services:
          web:
            dev:
              hosts: [local]
              health: { url: "http://127.0.0.1:1/health", watchEverySeconds: 5, watchFailures: 2 }
              code: { gitDir: /srv/web, stop: [stop], start: [start] }
              timeouts: { migrateDown: 30m }
              env: { migrateDown: [PW, WEB_SECRET_KEY] }
              database: { url: "jdbc:postgresql://127.0.0.1/web", user: web, passwordEnv: PW,
                          snapshotDir: /s, backupDir: /b, migrate: [migrate, up], jobs: 4 }
        """;
    Path a = dir.resolve("a.yml");
    Files.writeString(a, entry);
    Path b = dir.resolve("b.yml");
    Files.writeString(
        b,
        entry.replace(
                "{ transport: agent }\n          other",
                "\n            transport: agent\n          other")
            + "  api:\n    dev:\n      hosts: [other]\n");
    Path c = dir.resolve("c.yml");
    Files.writeString(c, entry.replace("[stop]", "[stop, now]"));

    Catalog first = CatalogReader.read(a);
    assertThat(first.digest("web", "dev")).hasSize(64);
    assertThat(CatalogReader.read(b).digest("web", "dev")).isEqualTo(first.digest("web", "dev"));
    assertThat(CatalogReader.read(c).digest("web", "dev")).isNotEqualTo(first.digest("web", "dev"));
    ServiceEnvironment web = first.environment("web", "dev").orElseThrow();
    assertThat(web.health().watchEverySeconds()).isEqualTo(5);
    assertThat(web.health().watchFailures()).isEqualTo(2);
    assertThat(web.database().backupDir()).isEqualTo("/b");
    assertThat(web.database().jobs()).isEqualTo(4);
    assertThat(web.database().migrate()).containsExactly("migrate", "up");
    assertThat(web.timeouts().of("migrateDown")).isEqualTo(Duration.ofMinutes(30));
    assertThat(web.timeouts().of("stop")).isEqualTo(Duration.ofMinutes(5));
    assertThat(web.env().of("migrateDown")).containsExactly("PW", "WEB_SECRET_KEY");
    assertThat(web.env().of("stop")).isEmpty();
  }
}
