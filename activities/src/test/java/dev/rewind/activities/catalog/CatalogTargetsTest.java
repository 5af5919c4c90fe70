package dev.rewind.activities.catalog;

import static dev.rewind.activities.catalog.TestCatalogs.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.NotifyTarget;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.core.Target;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Resolving plan targets (names only) against the worker's own catalog. */
class CatalogTargetsTest {
  private static final String YAML =
      """
      hosts:
        app-1: { transport: agent }
        app-2: { transport: ssh, address: "10.0.0.7:2222", user: deploy,
                 privateKeyFile: /etc/rewind/id, knownHostsFile: /etc/rewind/known_hosts }
        db-1:  { transport: agent }
        other: { transport: agent }
      notify:
        oncall: { kind: slack, url: "https://hooks.example/services/T0/B0/rewind" }
      services:
        billing:
          production:
            hosts: [app-1, app-2]
            health: { url: "http://127.0.0.1:8080/{host}/health", expectStatus: 204, timeout: 40s }
            maintenance: { on: [touch, "/srv/{host}/MAINTENANCE"], off: [rm, -f, "/srv/{host}/MAINTENANCE"] }
            code: { gitDir: "/srv/{host}/billing", stop: [systemctl, stop, billing],
                    start: [systemctl, start, billing], reinstall: [bin/install, "{gitSha}", "v={version}"] }
            container: { name: billing-web, image: billing-web, dockerHost: "unix:///var/run/docker.sock" }
            database: { url: "jdbc:postgresql://127.0.0.1:5432/billing", user: billing,
                        passwordEnv: BILLING_DB_PASSWORD, host: db-1, snapshotDir: "/var/backups/{host}",
                        backupDir: /var/backups/pipeline,
                        migrateDown: [bin/migrate, down, "{targetMigration}"] }
            escalation: { notify: [oncall] }
          staging:
            hosts: [app-1]
      """;

  private Catalog catalog;
  private CatalogTargets targets;

  @BeforeEach
  void readCatalog(@TempDir Path dir) {
    catalog = TestCatalogs.write(dir, YAML);
    targets = new CatalogTargets(catalog);
  }

  @Test
  void hostOfTheEnvironmentResolvesToTheCatalogsAddressAndKeys() {
    HostTarget host = targets.host(target(catalog, "billing", "production", "app-2"));

    assertEquals(
        new HostTarget(
            "app-2", "ssh", "10.0.0.7:2222", "deploy", "/etc/rewind/id", "/etc/rewind/known_hosts"),
        host);
  }

  @Test
  void unknownServiceIsNotInCatalogNamingIt() {
    ApplicationFailure f =
        refused(() -> targets.host(new Target("payroll", "production", "app-1", "agent", "x")));

    assertEquals(FailureTypes.NOT_IN_CATALOG, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("service payroll"), f.getOriginalMessage());
  }

  @Test
  void unknownEnvironmentIsNotInCatalogNamingIt() {
    ApplicationFailure f =
        refused(() -> targets.host(new Target("billing", "qa", "app-1", "agent", "x")));

    assertEquals(FailureTypes.NOT_IN_CATALOG, f.getType());
    assertTrue(
        f.getOriginalMessage().contains("environment qa of billing"), f.getOriginalMessage());
  }

  @Test
  void hostOutsideTheEnvironmentIsNotInCatalog() {
    ApplicationFailure f =
        refused(() -> targets.host(target(catalog, "billing", "production", "other")));

    assertEquals(FailureTypes.NOT_IN_CATALOG, f.getType());
    assertTrue(f.getOriginalMessage().contains("host other"), f.getOriginalMessage());
  }

  @Test
  void hostNamedWithAnotherTransportIsNotInCatalog() {
    Target t = target(catalog, "billing", "production", "app-2");
    Target asAgent = new Target(t.service(), t.environment(), t.host(), "agent", t.catalogDigest());

    ApplicationFailure f = refused(() -> targets.host(asAgent));

    assertEquals(FailureTypes.NOT_IN_CATALOG, f.getType());
    assertTrue(f.getOriginalMessage().contains("reaches it by ssh"), f.getOriginalMessage());
  }

  @Test
  void anotherDigestIsCatalogDriftNamingBothDigests() {
    Target t = target(catalog, "billing", "production", "app-1");

    ApplicationFailure f = refused(() -> targets.host(TestCatalogs.drifted(t)));

    assertEquals(FailureTypes.CATALOG_DRIFT, f.getType());
    assertTrue(f.isNonRetryable());
    String message = f.getOriginalMessage();
    assertTrue(message.contains(t.catalogDigest().substring(0, 12)), message);
    assertTrue(message.contains("0123456789ab"), message);
    assertTrue(message.contains("retry once the catalogs agree"), message);
  }

  @Test
  void databaseActivitiesRunOnTheDatabaseHostOnly() {
    DatabaseTarget db = targets.database(target(catalog, "billing", "production", "db-1"));

    assertEquals("db-1", db.host().name());
    assertEquals("/var/backups/db-1", db.snapshotDir());
    assertEquals("/var/backups/pipeline", db.backupDir());
    assertEquals(
        FailureTypes.NOT_IN_CATALOG,
        refused(() -> targets.database(target(catalog, "billing", "production", "app-1")))
            .getType());
  }

  @Test
  void hostPlaceholdersAreFilledInPathsUrlsAndCommands() {
    Target app1 = target(catalog, "billing", "production", "app-1");

    assertEquals("/srv/app-1/billing", targets.code(app1).gitDir());
    HealthCheck health = targets.health(app1, 0, 0);
    assertEquals(new HealthCheck("http://127.0.0.1:8080/app-1/health", 204, 40), health);
    CatalogCommand on = targets.command(app1, HostCommand.MAINTENANCE_ON, Map.of());
    assertEquals(List.of("touch", "/srv/app-1/MAINTENANCE"), on.argv());
    assertNull(on.workDir(), "maintenance runs in no particular directory");
  }

  @Test
  void commandsTakeTheirArgvFromTheCatalogAndOnlyDeclaredValues() {
    Target app1 = target(catalog, "billing", "production", "app-1");

    CatalogCommand reinstall =
        targets.command(
            app1,
            HostCommand.REINSTALL,
            Map.of("gitSha", "e4f5a6b", "version", "v1.5.2", "targetMigration", "0002_x"));

    assertEquals(List.of("bin/install", "e4f5a6b", "v=v1.5.2"), reinstall.argv());
    assertEquals("/srv/app-1/billing", reinstall.workDir());
  }

  @Test
  void databaseCommandsRunOnTheDatabaseHost() {
    CatalogCommand down =
        targets.command(
            target(catalog, "billing", "production", "db-1"),
            HostCommand.MIGRATE_DOWN,
            Map.of("targetMigration", "0002_add_journal_entry"));

    assertEquals(List.of("bin/migrate", "down", "0002_add_journal_entry"), down.argv());
    assertEquals("/srv/db-1/billing", down.workDir());
  }

  @Test
  void aCommandTheCatalogDoesNotDeclareIsNotInCatalog() {
    ApplicationFailure f =
        refused(
            () ->
                targets.command(
                    target(catalog, "billing", "staging", "app-1"), HostCommand.STOP, Map.of()));

    assertEquals(FailureTypes.NOT_IN_CATALOG, f.getType());
    assertTrue(f.getOriginalMessage().contains("stop service command"), f.getOriginalMessage());
  }

  @Test
  void aValueThatWouldBeAnOptionIsInvalid() {
    Target db1 = target(catalog, "billing", "production", "db-1");

    ApplicationFailure f =
        refused(
            () ->
                targets.command(
                    db1, HostCommand.MIGRATE_DOWN, Map.of("targetMigration", "--fake-initial")));

    assertEquals(FailureTypes.INVALID_VALUE, f.getType());
    assertTrue(f.isNonRetryable());
  }

  @Test
  void aPlaceholderWithoutItsValueIsInvalid() {
    ApplicationFailure f =
        refused(
            () ->
                targets.command(
                    target(catalog, "billing", "production", "app-1"),
                    HostCommand.REINSTALL,
                    Map.of("version", "v1")));

    assertEquals(FailureTypes.INVALID_VALUE, f.getType());
    assertTrue(f.getOriginalMessage().contains("{gitSha}"), f.getOriginalMessage());
  }

  @Test
  void escalationTargetsComeFromTheCatalogWithTheirUrls() {
    assertEquals(
        List.of(
            new NotifyTarget(
                "oncall",
                NotifyTarget.Kind.SLACK,
                URI.create("https://hooks.example/services/T0/B0/rewind"))),
        targets.escalation(target(catalog, "billing", "production", "app-1")));
    assertEquals(List.of(), targets.escalation(target(catalog, "billing", "staging", "app-1")));
  }

  static ApplicationFailure refused(Executable call) {
    return assertThrows(ApplicationFailure.class, call);
  }
}
