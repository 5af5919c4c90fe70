package dev.rewind.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  private static final String CATALOG = "/etc/rewind/rewind.yml";

  @Test
  void defaultsToBothRolesOnHostLocal() {
    WorkerConfig config = WorkerConfig.fromEnvironment(Map.of("REWIND_CATALOG", CATALOG));

    assertEquals(Set.of("control", "agent"), config.roles());
    assertEquals("local", config.host());
    assertEquals("127.0.0.1:7233", config.temporalAddress());
    assertEquals(Path.of(CATALOG), config.catalog());
  }

  @Test
  void catalogIsRequiredAndTheErrorNamesTheVariable() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromEnvironment(Map.of()));

    assertTrue(e.getMessage().startsWith("REWIND_CATALOG is not set"), e.getMessage());
  }

  @Test
  void unknownRoleIsRejectedNamingTheVariable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                WorkerConfig.fromEnvironment(
                    Map.of("REWIND_CATALOG", CATALOG, "REWIND_ROLES", "control,boss")));

    assertTrue(e.getMessage().startsWith("REWIND_ROLES"), e.getMessage());
  }

  @Test
  void hostWithShellCharactersIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                WorkerConfig.fromEnvironment(
                    Map.of("REWIND_CATALOG", CATALOG, "REWIND_HOST", "a;rm -rf /")));

    assertTrue(e.getMessage().startsWith("REWIND_HOST"), e.getMessage());
  }
}
