package dev.rewind.activities.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.flags.FlagFailures;
import dev.rewind.workflows.flags.FlagValue;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code http} provider against a real small JSON flag service on loopback: the catalog's URL
 * templates with the name URL-encoded, its method, a bearer token from the worker's environment,
 * and the value at the catalog's JSON pointer.
 */
class HttpFlagsTest {
  private static final String TOKEN = "flag-api-secret-4711";

  private FlagService service;
  private Path work;

  @BeforeEach
  void start() throws Exception {
    service = new FlagService(TOKEN);
    service.put("new-checkout", true, "fancy");
    service.put("v2.checkout_beta", true, "fancy");
    work = Files.createTempDirectory("rewind-http-flags-");
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void readsSetsAndVerifiesTheValueAtTheCatalogsPointer() {
    FlagActivitiesImpl flags = activities("/state/enabled", TOKEN);
    Target target = target("/state/enabled");

    assertEquals(
        Map.of("v2.checkout_beta", FlagValue.of(true)),
        flags.readFlags(target, List.of("v2.checkout_beta")));
    flags.writeFlags(target, Map.of("v2.checkout_beta", FlagValue.of(false)));

    assertFalse(service.state("v2.checkout_beta").get("enabled").booleanValue());
    assertEquals("fancy", service.state("v2.checkout_beta").get("variant").textValue());
    assertTrue(service.state("new-checkout").get("enabled").booleanValue());
    flags.verifyFlags(target, Map.of("v2.checkout_beta", FlagValue.of(false)));
  }

  @Test
  void aStringValueIsSetWhereTheCatalogDeclaresIt() {
    FlagActivitiesImpl flags = activities("/state/variant", TOKEN);

    flags.writeFlags(target("/state/variant"), Map.of("new-checkout", FlagValue.of("classic")));

    assertEquals("classic", service.state("new-checkout").get("variant").textValue());
  }

  @Test
  void anUnknownFlagIsNotFoundAndAWrongTokenRefusedWithoutIt() {
    ApplicationFailure missing =
        assertThrows(
            ApplicationFailure.class,
            () ->
                activities("/state/enabled", TOKEN)
                    .readFlags(target("/state/enabled"), List.of("dark-mode")));
    ApplicationFailure refused =
        assertThrows(
            ApplicationFailure.class,
            () ->
                activities("/state/enabled", "wrong-token-0815")
                    .readFlags(target("/state/enabled"), List.of("new-checkout")));

    assertEquals(FlagFailures.FLAG_NOT_FOUND, missing.getType());
    assertEquals(FlagFailures.PROVIDER_REJECTED, refused.getType());
    assertFalse(refused.getOriginalMessage().contains("wrong-token-0815"));
  }

  @Test
  void aMissingTokenVariableIsAClearPermanentFailure() {
    FlagActivitiesImpl flags =
        new FlagActivitiesImpl(new CatalogTargets(catalog("/state/enabled")), Map.of());

    ApplicationFailure refused =
        assertThrows(
            ApplicationFailure.class,
            () -> flags.readFlags(target("/state/enabled"), List.of("new-checkout")));

    assertEquals(FlagFailures.PROVIDER_REJECTED, refused.getType());
    assertTrue(refused.getOriginalMessage().contains("FLAG_API_TOKEN"));
  }

  private FlagActivitiesImpl activities(String pointer, String token) {
    return new FlagActivitiesImpl(
        new CatalogTargets(catalog(pointer)), Map.of("FLAG_API_TOKEN", token));
  }

  private Target target(String pointer) {
    return FlagCatalogs.target(catalog(pointer));
  }

  private Catalog catalog(String pointer) {
    return FlagCatalogs.shop(
        work,
        "{ provider: http, get: \"%1$s/flags/{name}\", set: \"%1$s/flags/{name}\", method: PUT,"
                .formatted(service.url())
            + " pointer: \"%s\", tokenEnv: FLAG_API_TOKEN, values: [classic, fancy] }"
                .formatted(pointer));
  }
}
