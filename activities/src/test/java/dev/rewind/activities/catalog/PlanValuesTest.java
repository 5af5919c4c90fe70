package dev.rewind.activities.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Plan values checked again where they are used. */
class PlanValuesTest {

  @Test
  void tagsVersionsAndMigrationsAreNamesNeverOptions() {
    assertEquals("v1.5.2", PlanValues.imageTag("v1.5.2"));
    assertEquals(
        "0002_add_journal_entry", PlanValues.name("target migration", "0002_add_journal_entry"));
    for (String bad : new String[] {"-rm", "--help", "", "a b", "v1;rm", "../x", "x".repeat(129)}) {
      assertInvalid(() -> PlanValues.imageTag(bad));
    }
  }

  @Test
  void shasIdsAndSuffixesHaveTheirShapes() {
    assertEquals("e4f5a6b", PlanValues.gitSha("e4f5a6b"));
    assertInvalid(() -> PlanValues.gitSha("HEAD~1"));
    assertInvalid(() -> PlanValues.gitSha("--all"));
    assertEquals("0123456789ab", PlanValues.containerId("0123456789ab"));
    assertInvalid(() -> PlanValues.containerId("demo-web"));
    assertEquals("ab12", PlanValues.retireSuffix("ab12"));
    assertInvalid(() -> PlanValues.retireSuffix("AB12"));
    assertInvalid(() -> PlanValues.retireSuffix("ab123"));
    assertEquals("rb-1-a1.pre", PlanValues.snapshotId("rb-1-a1.pre"));
    assertInvalid(() -> PlanValues.snapshotId("-rb"));
    assertInvalid(() -> PlanValues.snapshotId("../rb"));
    assertEquals("main", PlanValues.branch("main"));
    assertInvalid(() -> PlanValues.branch("--upload-pack=touch /tmp/x"));
  }

  @Test
  void filesMustLieUnderADeclaredDirectory(@TempDir Path dir) throws Exception {
    Path backups = Files.createDirectories(dir.resolve("backups"));
    Path file = Files.writeString(backups.resolve("pre-deploy.dump"), "x");

    assertEquals(file, PlanValues.confined("backup file", file.toString(), backups.toString()));
    assertInvalid(() -> PlanValues.confined("backup file", "/etc/passwd", backups.toString()));
    assertInvalid(
        () ->
            PlanValues.confined(
                "backup file", backups + "/../backups/pre-deploy.dump", backups.toString()));
    assertInvalid(() -> PlanValues.confined("backup file", "pre-deploy.dump", backups.toString()));
    assertInvalid(
        () -> PlanValues.confined("backup file", backups + "/x\n.dump", backups.toString()));
    assertInvalid(
        () -> PlanValues.confined("backup file", dir + "/backups-old/x.dump", backups.toString()));
    assertInvalid(() -> PlanValues.confined("backup file", backups.toString(), backups.toString()));
  }

  @Test
  void aSymbolicLinkOutOfTheDirectoryIsRefused(@TempDir Path dir) throws Exception {
    Path backups = Files.createDirectories(dir.resolve("backups"));
    Path secret = Files.writeString(dir.resolve("secret.dump"), "x");
    Path link = Files.createSymbolicLink(backups.resolve("link.dump"), secret);

    assertInvalid(() -> PlanValues.confined("backup file", link.toString(), backups.toString()));
  }

  private static void assertInvalid(Executable call) {
    ApplicationFailure f = assertThrows(ApplicationFailure.class, call);
    assertEquals(FailureTypes.INVALID_VALUE, f.getType());
    assertTrue(f.isNonRetryable());
  }
}
