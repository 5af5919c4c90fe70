package dev.rewind.activities.host;

import static dev.rewind.activities.TestActivities.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog commands run by an agent worker on its own host: real processes, resolved from a real
 * catalog file, through Temporal's activity test environment (heartbeats and cancellation real).
 */
class HostActivitiesImplTest {
  static final String SECRET = "s3cret-pw-42";

  private Path dir;
  private Catalog catalog;
  private TestActivityEnvironment env;
  private HostActivities host;

  @BeforeEach
  void setUp(@TempDir Path tmp) throws Exception {
    dir = tmp.toRealPath();
    Files.createDirectories(dir.resolve("app"));
    catalog = TestCatalogs.write(dir.resolve("catalog"), catalogYaml(dir));
    env = TestActivityEnvironment.newInstance();
    Redaction redaction = Redaction.of(catalog, Map.of("SHOP_DB_PASSWORD", SECRET));
    env.registerActivitiesImplementations(
        new HostActivitiesImpl(
            new CatalogTargets(catalog),
            HostShells.agent("local", redaction),
            HostActivitiesImpl.COMMAND_TIMEOUT,
            Map.of("SHOP_DB_PASSWORD", SECRET, "OTHER_SERVICE_PASSWORD", "not-for-shop")));
    host = TestActivities.once(env, HostActivities.class, Duration.ofSeconds(60));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /**
   * {@code shop test}: maintenance touches a marker, stop hangs with an orphaned child, start
   * prints its environment, reinstall prints secrets and a lot of output, migrate-down creates a
   * file named by the target migration. {@code shop bare} declares no command at all.
   */
  static String catalogYaml(Path dir) {
    return """
        hosts:
          local: { transport: agent }
          remote: { transport: ssh, address: "127.0.0.1:1", user: deploy,
                    privateKeyFile: /nonexistent/id, knownHostsFile: /nonexistent/known_hosts }
        services:
          shop:
            test:
              hosts: [local, remote]
              maintenance: { on: [touch, "%1$s/MAINTENANCE"], off: [rm, -f, "%1$s/MAINTENANCE"] }
              code:
                gitDir: "%1$s/app"
                stop: [sh, -c, "(sleep 600 & echo $! > child.pid); sleep 600"]
                start: [env]
                reinstall: [sh, -c, "%2$s", "{version}"]
              database: { url: "jdbc:postgresql://127.0.0.1:1/shop", user: shop,
                          passwordEnv: SHOP_DB_PASSWORD, snapshotDir: "%1$s/snapshots",
                          migrateDown: [sh, -c, "printf %%s \\"$SHOP_DB_PASSWORD\\" > \\"$0\\"; env",
                                        "{targetMigration}"] }
              timeouts: { stop: 2s }
              env: { migrateDown: [SHOP_DB_PASSWORD] }
            bare:
              hosts: [local]
              code: { gitDir: "%1$s/app" }
        """
        .formatted(
            dir,
            "for i in $(seq 1 100); do printf 'line %s %0300d\\\\n' $i 0; done;"
                + " echo connecting with "
                + SECRET
                + "; echo PGPASSWORD=hunter2x; echo 'Authorization: Bearer eyJhbGciOi.abc';"
                + " echo installed $0");
  }

  private Target target(String environment) {
    return TestCatalogs.target(catalog, "shop", environment, "local");
  }

  @Test
  void aDeclaredCommandRunsWithItsValuesInTheCheckout() throws Exception {
    String detail =
        host.runCommand(
            target("test"), HostCommand.MIGRATE_DOWN, Map.of("targetMigration", "0002_journal"));

    assertTrue(Files.exists(dir.resolve("app/0002_journal")));
    assertTrue(detail.startsWith("exit 0 on agent local (pid "), detail);
  }

  @Test
  void maintenanceRunsTheCatalogsArgv() {
    host.runCommand(target("test"), HostCommand.MAINTENANCE_ON, Map.of());
    assertTrue(Files.exists(dir.resolve("MAINTENANCE")));

    host.runCommand(target("test"), HostCommand.MAINTENANCE_OFF, Map.of());
    assertFalse(Files.exists(dir.resolve("MAINTENANCE")));
  }

  @Test
  void anUnknownServiceOrAHostOutsideTheEnvironmentRunsNothing() {
    String digest = target("test").catalogDigest();

    for (Target t :
        List.of(
            new Target("payroll", "test", "local", "agent", digest),
            new Target("shop", "test", "other", "agent", digest))) {
      ApplicationFailure f =
          failureOf(() -> host.runCommand(t, HostCommand.MAINTENANCE_ON, Map.of()));

      assertEquals(FailureTypes.NOT_IN_CATALOG, f.getType(), t.toString());
      assertTrue(f.isNonRetryable());
    }
    assertFalse(Files.exists(dir.resolve("MAINTENANCE")));
  }

  @Test
  void aCommandTheCatalogDoesNotDeclareRunsNothing() throws Exception {
    Set<String> before = files();

    ApplicationFailure f =
        failureOf(() -> host.runCommand(target("bare"), HostCommand.MAINTENANCE_ON, Map.of()));

    assertEquals(FailureTypes.NOT_IN_CATALOG, f.getType());
    assertTrue(f.getOriginalMessage().contains("maintenance on"), f.getOriginalMessage());
    assertEquals(before, files());
  }

  @Test
  void aPlanFromAnotherCatalogRunsNothing() {
    ApplicationFailure f =
        failureOf(
            () ->
                host.runCommand(
                    TestCatalogs.drifted(target("test")), HostCommand.MAINTENANCE_ON, Map.of()));

    assertEquals(FailureTypes.CATALOG_DRIFT, f.getType());
    assertTrue(f.isNonRetryable());
    assertFalse(Files.exists(dir.resolve("MAINTENANCE")));
  }

  @Test
  void aValueThatWouldBeAnOptionRunsNothing() throws Exception {
    Set<String> before = files();

    ApplicationFailure f =
        failureOf(
            () ->
                host.runCommand(
                    target("test"), HostCommand.MIGRATE_DOWN, Map.of("targetMigration", "--help")));

    assertEquals(FailureTypes.INVALID_VALUE, f.getType());
    assertTrue(f.isNonRetryable());
    assertEquals(before, files());
  }

  @Test
  void aCommandGetsTheVariablesItsCatalogEntryNamesAndTheirValuesAreRedacted() throws Exception {
    String detail =
        host.runCommand(
            target("test"), HostCommand.MIGRATE_DOWN, Map.of("targetMigration", "0003_env"));

    assertEquals(SECRET, Files.readString(dir.resolve("app/0003_env")));
    Set<String> names = new java.util.HashSet<>(environmentNames(detail));
    names.remove("PWD"); // set by sh itself
    assertEquals(Set.of("PATH", "HOME", "LANG", "SHOP_DB_PASSWORD"), names, detail);
    assertFalse(detail.contains(SECRET), detail);
  }

  @Test
  void aVariableTheWorkerLacksRunsNothing() throws Exception {
    env.close();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new HostActivitiesImpl(
            new CatalogTargets(catalog),
            HostShells.agent("local", Redaction.NONE),
            HostActivitiesImpl.COMMAND_TIMEOUT,
            Map.of()));
    HostActivities bare = TestActivities.once(env, HostActivities.class, Duration.ofSeconds(60));
    Set<String> before = files();

    ApplicationFailure f =
        failureOf(
            () ->
                bare.runCommand(
                    target("test"), HostCommand.MIGRATE_DOWN, Map.of("targetMigration", "x")));

    assertEquals(FailureTypes.COMMAND_FAILED, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("SHOP_DB_PASSWORD"), f.getOriginalMessage());
    assertEquals(before, files());
  }

  @Test
  void commandsSeeOnlyPathHomeAndLang() {
    String detail = host.runCommand(target("test"), HostCommand.START, Map.of());

    assertEquals(Set.of("PATH", "HOME", "LANG"), environmentNames(detail), detail);
  }

  @Test
  void aCommandPastItsCatalogTimeoutIsKilledWithItsWholeProcessGroup() throws Exception {
    long started = System.nanoTime();

    ApplicationFailure f =
        failureOf(() -> host.runCommand(target("test"), HostCommand.STOP, Map.of()));

    assertEquals(FailureTypes.COMMAND_TIMEOUT, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20));
    long child = Long.parseLong(Files.readString(dir.resolve("app/child.pid")).strip());
    assertGone(child);
  }

  @Test
  void aCancelledCommandIsKilledWithItsWholeProcessGroup() throws Exception {
    env.close();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new HostActivitiesImpl(
            new CatalogTargets(catalog), HostShells.agent("local", Redaction.NONE)));
    HostActivities slow = TestActivities.once(env, HostActivities.class, Duration.ofMinutes(10));
    CompletableFuture<String> stop =
        CompletableFuture.supplyAsync(
            () -> slow.runCommand(target("test"), HostCommand.STOP, Map.of()));
    Path pidFile = dir.resolve("app/child.pid");
    for (int i = 0; i < 200 && !nonEmpty(pidFile); i++) {
      Thread.sleep(50);
    }
    long child = Long.parseLong(Files.readString(pidFile).strip());

    env.requestCancelActivity(); // an abort: the next heartbeat tells the activity

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> stop.get(30, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof CanceledFailure, e.toString());
    assertGone(child);
  }

  @Test
  void outputKeptAsDetailIsRedactedAndBounded() {
    String detail = host.runCommand(target("test"), HostCommand.REINSTALL, Map.of("version", "v2"));

    assertFalse(detail.contains(SECRET), detail);
    assertFalse(detail.contains("hunter2x"), detail);
    assertFalse(detail.contains("eyJhbGciOi.abc"), detail);
    assertTrue(detail.contains("connecting with " + Redaction.HIDDEN), detail);
    assertTrue(detail.contains("installed v2"), detail);
    String stdout = detail.substring(detail.indexOf("stdout: ") + 8);
    List<String> lines = List.of(stdout.split(" \\| "));
    assertTrue(lines.size() <= CommandResult.LINES + 1, lines.size() + " lines"); // + "…"
    assertTrue(lines.stream().allMatch(l -> l.length() <= CommandResult.LINE_BYTES + 1), detail);
  }

  @Test
  void anAgentReachesItsOwnHostAndRefusesOthers() {
    assertEquals("agent local serves its queue", host.reach(target("test")));

    ApplicationFailure f =
        failureOf(() -> host.reach(TestCatalogs.target(catalog, "shop", "test", "remote")));

    assertEquals(FailureTypes.WRONG_HOST, f.getType());
  }

  /** The variables {@code env} printed, from a step's detail ("…; stdout: A=1 | B=2"). */
  static Set<String> environmentNames(String detail) {
    return Arrays.stream(detail.substring(detail.indexOf("stdout: ") + 8).split(" \\| "))
        .map(line -> line.substring(0, line.indexOf('=')))
        .collect(Collectors.toSet());
  }

  private Set<String> files() throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.map(Path::toString).collect(Collectors.toSet());
    }
  }

  private static boolean nonEmpty(Path file) throws Exception {
    return Files.exists(file) && !Files.readString(file).isBlank();
  }

  /** Gone, or a zombie nobody reaped (the test's PID 1 may not reap orphans): dead either way. */
  static void assertGone(long pid) throws Exception {
    for (int i = 0; i < 100; i++) {
      Path stat = Path.of("/proc", String.valueOf(pid), "stat");
      if (!Files.exists(stat)) {
        return;
      }
      String state = Files.readString(stat);
      if (state.substring(state.lastIndexOf(')') + 2).startsWith("Z")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("process " + pid + " is still running");
  }
}
