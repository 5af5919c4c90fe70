package dev.rewind.activities.host;

import static dev.rewind.activities.TestActivities.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.TestActivities;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.HostCommand;
import dev.rewind.workflows.core.HostActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Catalog commands run by the control worker over SSH on a real sshd on loopback. */
@Tag("infra")
class HostCommandsOverSshTest {
  /** Quotes, spaces and expansions: it must arrive as written, never read by a shell. */
  private static final String TOKEN = "tok 'en' \"$HOME\" `id` $(id) \\x";

  private Sshd sshd;

  private Path dir;
  private Catalog catalog;
  private TestActivityEnvironment env;
  private HostActivities host;

  @BeforeEach
  void setUp() throws Exception {
    sshd = Sshd.shared();
    dir = Files.createTempDirectory(sshd.dir, "commands-");
    catalog =
        TestCatalogs.write(
            dir.resolve("catalog"),
            """
            hosts:
              %s
              ghost: { transport: ssh, address: "127.0.0.1:1", user: nobody,
                       privateKeyFile: /nonexistent/id, knownHostsFile: /nonexistent/known_hosts }
            services:
              shop:
                test:
                  hosts: [app-1]
                  maintenance: { on: [touch, "%2$s/MAINTENANCE"], off: [rm, -f, "%2$s/MAINTENANCE"] }
                  code:
                    gitDir: "%2$s"
                    stop: [sh, -c, "(sleep 600 & echo $! > child.pid); sleep 600"]
                    start: [env]
                    reinstall: [sh, -c, "printf %%s \\"$SHOP_TOKEN\\" > token.out; env"]
                  env: { reinstall: [SHOP_TOKEN] }
            """
                .formatted(sshd.catalogEntry("app-1"), dir));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new HostActivitiesImpl(
            new CatalogTargets(catalog),
            HostShells.control(
                Redaction.of(catalog, Map.of("SHOP_TOKEN", TOKEN)), Duration.ofSeconds(3)),
            Duration.ofSeconds(2),
            Map.of("SHOP_TOKEN", TOKEN, "OTHER_SERVICE_PASSWORD", "not-for-shop")));
    host = TestActivities.once(env, HostActivities.class, Duration.ofSeconds(60));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private Target app1() {
    return TestCatalogs.target(catalog, "shop", "test", "app-1");
  }

  @Test
  void reachConnectsWithThePinnedKeyAndRunsTrue() {
    assertEquals("ssh " + sshd.user + "@127.0.0.1:" + sshd.port + ": ok", host.reach(app1()));
  }

  @Test
  void maintenanceRunsOverSsh() {
    String detail = host.runCommand(app1(), HostCommand.MAINTENANCE_ON, Map.of());

    assertTrue(Files.exists(dir.resolve("MAINTENANCE")));
    assertTrue(detail.startsWith("exit 0 on ssh " + sshd.user + "@127.0.0.1:"), detail);
  }

  @Test
  void commandsSeeOnlyPathHomeAndLangOverSshToo() {
    String detail = host.runCommand(app1(), HostCommand.START, Map.of());

    assertEquals(
        Set.of("PATH", "HOME", "LANG"), HostActivitiesImplTest.environmentNames(detail), detail);
  }

  @Test
  void theVariablesTheCatalogNamesTravelOverStdinAndAreRedacted() throws Exception {
    String detail = host.runCommand(app1(), HostCommand.REINSTALL, Map.of());

    assertEquals(TOKEN, Files.readString(dir.resolve("token.out")));
    Set<String> names = new java.util.HashSet<>(HostActivitiesImplTest.environmentNames(detail));
    names.remove("PWD"); // set by sh itself
    assertEquals(Set.of("PATH", "HOME", "LANG", "SHOP_TOKEN"), names, detail);
    assertFalse(detail.contains(TOKEN), detail);
  }

  @Test
  void aCommandPastItsTimeoutIsKilledWithItsProcessGroupOnTheRemoteHost() throws Exception {
    ApplicationFailure f = failureOf(() -> host.runCommand(app1(), HostCommand.STOP, Map.of()));

    assertEquals(FailureTypes.COMMAND_TIMEOUT, f.getType());
    assertTrue(f.isNonRetryable());
    long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
    HostActivitiesImplTest.assertGone(child);
  }

  @Test
  void aHostTheEnvironmentDoesNotNameIsNeverConnectedTo() throws Exception {
    long logins = sshd.acceptedLogins();
    Target ghost = new Target("shop", "test", "ghost", "ssh", app1().catalogDigest());

    ApplicationFailure f =
        failureOf(() -> host.runCommand(ghost, HostCommand.MAINTENANCE_ON, Map.of()));

    assertEquals(FailureTypes.NOT_IN_CATALOG, f.getType());
    Thread.sleep(200); // sshd writes its log line asynchronously
    assertEquals(logins, sshd.acceptedLogins());
    assertFalse(Files.exists(dir.resolve("MAINTENANCE")));
  }
}
