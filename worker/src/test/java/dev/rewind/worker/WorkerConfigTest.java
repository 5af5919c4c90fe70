package dev.rewind.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void defaultsToBothRolesOnHostLocal() {
    WorkerConfig config = WorkerConfig.fromEnvironment(Map.of());

    assertEquals(Set.of("control", "agent"), config.roles());
    assertEquals("local", config.host());
    assertEquals("127.0.0.1:7233", config.temporalAddress());
  }

  @Test
  void unknownRoleIsRejectedNamingTheVariable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WorkerConfig.fromEnvironment(Map.of("REWIND_ROLES", "control,boss")));

    assertTrue(e.getMessage().startsWith("REWIND_ROLES"), e.getMessage());
  }

  @Test
  void hostWithShellCharactersIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WorkerConfig.fromEnvironment(Map.of("REWIND_HOST", "a;rm -rf /")));

    assertTrue(e.getMessage().startsWith("REWIND_HOST"), e.getMessage());
  }
}
