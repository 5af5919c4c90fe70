package dev.rewind.activities.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.flags.FlagFailures;
import dev.rewind.workflows.flags.FlagValue;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code unleash} provider against the real Unleash server scripts/test starts: flags read,
 * switched and read back through its Admin API in the catalog's environment, with the admin token
 * from the worker's environment variable the catalog names.
 */
@Tag("infra")
class UnleashFlagsTest {
  private final UnleashAdmin unleash = new UnleashAdmin();
  private Path work;

  @BeforeEach
  void work() throws IOException {
    work = Files.createTempDirectory("rewind-unleash-");
  }

  @Test
  void readsSwitchesAndVerifiesAFlagInTheCatalogsEnvironment() {
    String flag = unleash.newFlag("new-checkout", true);
    FlagActivitiesImpl flags = activities(unleash.url, unleash.token);
    Target target = target(unleash.url);

    assertEquals(Map.of(flag, FlagValue.of(true)), flags.readFlags(target, List.of(flag)));
    flags.writeFlags(target, Map.of(flag, FlagValue.of(false)));

    assertFalse(unleash.enabled(flag), "switched off, as Unleash itself answers");
    flags.verifyFlags(target, Map.of(flag, FlagValue.of(false)));
    flags.writeFlags(target, Map.of(flag, FlagValue.of(false))); // already off: nothing to do
    assertFalse(unleash.enabled(flag));
  }

  @Test
  void aFlagSwitchedBySomeoneElseFailsVerificationNamingItsValue() {
    String flag = unleash.newFlag("new-checkout", true);
    FlagActivitiesImpl flags = activities(unleash.url, unleash.token);
    Target target = target(unleash.url);
    flags.writeFlags(target, Map.of(flag, FlagValue.of(false)));
    unleash.switchFlag(flag, true);

    ApplicationFailure mismatch =
        assertThrows(
            ApplicationFailure.class,
            () -> flags.verifyFlags(target, Map.of(flag, FlagValue.of(false))));

    assertEquals(FlagFailures.FLAG_MISMATCH, mismatch.getType());
    assertTrue(mismatch.isNonRetryable());
    assertTrue(mismatch.getOriginalMessage().contains(flag + " is true, expected false"));
  }

  @Test
  void aFlagUnleashDoesNotHaveIsAPermanentFlagNotFound() {
    ApplicationFailure missing =
        assertThrows(
            ApplicationFailure.class,
            () ->
                activities(unleash.url, unleash.token)
                    .readFlags(target(unleash.url), List.of("no-such-flag-7f3c")));

    assertEquals(FlagFailures.FLAG_NOT_FOUND, missing.getType());
    assertTrue(missing.isNonRetryable());
  }

  @Test
  void aWrongTokenIsRefusedWithoutTheTokenInTheMessage() {
    String flag = unleash.newFlag("new-checkout", true);

    ApplicationFailure refused =
        assertThrows(
            ApplicationFailure.class,
            () ->
                activities(unleash.url, "*:*.not-the-token-4711")
                    .readFlags(target(unleash.url), List.of(flag)));

    assertEquals(FlagFailures.PROVIDER_REJECTED, refused.getType());
    assertTrue(refused.isNonRetryable());
    assertTrue(refused.getOriginalMessage().contains("401"), refused.getOriginalMessage());
    assertFalse(refused.getOriginalMessage().contains("not-the-token-4711"));
  }

  @Test
  void anUnleashThatIsDownIsARetryableFailureNamingTheAddress() throws IOException {
    String down = "http://127.0.0.1:" + closedPort();

    ApplicationFailure unreachable =
        assertThrows(
            ApplicationFailure.class,
            () -> activities(down, unleash.token).readFlags(target(down), List.of("new-checkout")));

    assertFalse(unreachable.isNonRetryable());
    assertTrue(
        unreachable.getOriginalMessage().contains("flag provider unreachable")
            && unreachable.getOriginalMessage().contains(down)
            && unreachable.getOriginalMessage().contains("connection refused"),
        unreachable.getOriginalMessage());
  }

  @Test
  void aStringValueOrABadNameIsRefusedBeforeUnleashIsAsked() {
    FlagActivitiesImpl flags = activities(unleash.url, unleash.token);
    Target target = target(unleash.url);

    ApplicationFailure value =
        assertThrows(
            ApplicationFailure.class,
            () -> flags.writeFlags(target, Map.of("new-checkout", FlagValue.of("blue"))));
    ApplicationFailure name =
        assertThrows(ApplicationFailure.class, () -> flags.readFlags(target, List.of("-rf", "x")));

    assertEquals(FailureTypes.INVALID_VALUE, value.getType());
    assertTrue(value.getOriginalMessage().contains("true or false"), value.getOriginalMessage());
    assertEquals(FailureTypes.INVALID_VALUE, name.getType());
  }

  private FlagActivitiesImpl activities(String url, String token) {
    return new FlagActivitiesImpl(
        new CatalogTargets(catalog(url)), Map.of("UNLEASH_ADMIN_TOKEN", token));
  }

  private Target target(String url) {
    return FlagCatalogs.target(catalog(url));
  }

  private Catalog catalog(String url) {
    return FlagCatalogs.shop(
        work,
        "{ provider: unleash, url: \"%s\", project: default, environment: %s,"
                .formatted(url, UnleashAdmin.ENVIRONMENT)
            + " tokenEnv: UNLEASH_ADMIN_TOKEN }");
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
