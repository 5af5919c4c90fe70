package dev.rewind.activities.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.database.TargetPostgres;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.core.Target;
import dev.rewind.workflows.flags.FlagFailures;
import dev.rewind.workflows.flags.FlagValue;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code sql} provider on a real PostgreSQL table, logged in as the catalog's {@code database}
 * section says: the catalog's named-parameter statements, one transaction per write, a write that
 * does not touch exactly one row rolled back.
 */
@Tag("infra")
class SqlFlagsTest {
  private static TargetPostgres pg;
  private Path work;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = new TargetPostgres();
  }

  @AfterAll
  static void stopPostgres() {
    pg.close();
  }

  @BeforeEach
  void table() throws Exception {
    work = Files.createTempDirectory("rewind-sql-flags-");
    pg.sql(
        "DROP TABLE IF EXISTS feature_flags",
        "CREATE TABLE feature_flags (name text PRIMARY KEY, enabled boolean NOT NULL,"
            + " theme text NOT NULL DEFAULT 'fancy')",
        "INSERT INTO feature_flags (name, enabled) VALUES ('new-checkout', true),"
            + " ('new-checkout-v2', true)");
  }

  @Test
  void readsWritesAndVerifiesAFlagRowWithTheCatalogsStatements() throws Exception {
    FlagActivitiesImpl flags = activities(ENABLED);
    Target target = target(ENABLED);

    assertEquals(
        Map.of("new-checkout", FlagValue.of(true)),
        flags.readFlags(target, List.of("new-checkout")));
    flags.writeFlags(target, Map.of("new-checkout", FlagValue.of(false)));

    assertEquals("f", pg.value("SELECT enabled FROM feature_flags WHERE name = 'new-checkout'"));
    assertEquals("t", pg.value("SELECT enabled FROM feature_flags WHERE name = 'new-checkout-v2'"));
    flags.verifyFlags(target, Map.of("new-checkout", FlagValue.of(false)));
  }

  @Test
  void aStringFlagTakesOnlyAValueTheCatalogDeclares() throws Exception {
    FlagActivitiesImpl flags = activities(THEME);
    Target target = target(THEME);

    flags.writeFlags(target, Map.of("new-checkout", FlagValue.of("classic")));
    ApplicationFailure refused =
        assertThrows(
            ApplicationFailure.class,
            () -> flags.writeFlags(target, Map.of("new-checkout", FlagValue.of("'; DROP"))));

    assertEquals(
        "classic", pg.value("SELECT theme FROM feature_flags WHERE name = 'new-checkout'"));
    assertEquals(FailureTypes.INVALID_VALUE, refused.getType());
    assertTrue(
        refused.getOriginalMessage().contains("classic, fancy"), refused.getOriginalMessage());
  }

  @Test
  void aWriteTouchingMoreThanOneRowIsRolledBack() throws Exception {
    String greedy =
        "{ provider: sql, read: \"SELECT enabled FROM feature_flags WHERE name = :name\","
            + " write: \"UPDATE feature_flags SET enabled = :value WHERE name LIKE :name || '%'\" }";

    ApplicationFailure refused =
        assertThrows(
            ApplicationFailure.class,
            () ->
                activities(greedy)
                    .writeFlags(target(greedy), Map.of("new-checkout", FlagValue.of(false))));

    assertEquals(FlagFailures.PROVIDER_REJECTED, refused.getType());
    assertTrue(
        refused.getOriginalMessage().contains("touched 2 rows"), refused.getOriginalMessage());
    assertEquals("t", pg.value("SELECT enabled FROM feature_flags WHERE name = 'new-checkout'"));
    assertEquals("t", pg.value("SELECT enabled FROM feature_flags WHERE name = 'new-checkout-v2'"));
  }

  @Test
  void aFlagWithoutARowIsNotFound() {
    ApplicationFailure missing =
        assertThrows(
            ApplicationFailure.class,
            () -> activities(ENABLED).readFlags(target(ENABLED), List.of("dark-mode")));

    assertEquals(FlagFailures.FLAG_NOT_FOUND, missing.getType());
    assertTrue(missing.isNonRetryable());
  }

  @Test
  void aWrongPasswordIsRefusedWithoutThePassword() {
    FlagActivitiesImpl flags =
        new FlagActivitiesImpl(
            new CatalogTargets(catalog(ENABLED)),
            Map.of(TargetPostgres.PASSWORD_ENV, "not-the-password-4711"));

    ApplicationFailure refused =
        assertThrows(
            ApplicationFailure.class,
            () -> flags.readFlags(target(ENABLED), List.of("new-checkout")));

    assertTrue(refused.isNonRetryable());
    assertFalse(refused.getOriginalMessage().contains("not-the-password-4711"));
  }

  private static final String ENABLED =
      "{ provider: sql, read: \"SELECT enabled FROM feature_flags WHERE name = :name\","
          + " write: \"UPDATE feature_flags SET enabled = :value WHERE name = :name\" }";
  private static final String THEME =
      "{ provider: sql, read: \"SELECT theme FROM feature_flags WHERE name = :name\","
          + " write: \"UPDATE feature_flags SET theme = :value WHERE name = :name\","
          + " values: [classic, fancy] }";

  private FlagActivitiesImpl activities(String flags) {
    return new FlagActivitiesImpl(new CatalogTargets(catalog(flags)), pg.workerEnvironment());
  }

  private Target target(String flags) {
    return FlagCatalogs.target(catalog(flags));
  }

  private Catalog catalog(String flags) {
    return FlagCatalogs.shop(
        work,
        flags,
        "      database:\n        snapshotDir: " + work + "\n" + pg.catalogConnection("        "));
  }
}
