package dev.rewind.api.assessments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.deployments.Deployment;
import dev.rewind.catalog.Catalog;
import dev.rewind.catalog.CatalogReader;
import dev.rewind.catalog.ServiceEnvironment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chain follows what the registry says changed between the known-good and the current
 * deployment (runbook 004's tree: a migration → database rollback, code → application rollback),
 * the database first, and only what the catalog can act on.
 */
class StrategyChoiceTest {
  private static final Catalog CATALOG =
      CatalogReader.read(Path.of("src/test/resources/catalogs/api-test.yml"));
  private static final ServiceEnvironment ACCOUNTING =
      CATALOG.environment("accounting", "prod").orElseThrow();
  private static final ServiceEnvironment DEMO_WEB =
      CATALOG.environment("demo-web", "dev").orElseThrow();

  private static Deployment deployment(String version, String sha, String image, String migration) {
    return deployment(version, sha, image, migration, null);
  }

  private static Deployment deployment(
      String version, String sha, String image, String migration, Map<String, Object> flags) {
    return new Deployment(
        1,
        "accounting",
        "prod",
        version,
        sha,
        image,
        migration,
        null,
        "DEPLOYED",
        "pipeline",
        null,
        "ci",
        Instant.EPOCH,
        flags);
  }

  @Test
  void aNewMigrationAndANewCommitAreUndoneDatabaseFirst() {
    var chain =
        StrategyChoice.of(
            deployment("v2", "bbbbbbb", null, "0016_b"),
            deployment("v1", "aaaaaaa", null, "0015_a"),
            ACCOUNTING,
            false);

    assertThat(chain.ids()).containsExactly("migration-rollback", "code-revert");
    assertThat(chain.reasons()).contains("migration 0016_b → 0015_a: migration-rollback");
  }

  @Test
  void flagsTheReleaseSwitchedAreSwitchedBackBeforeTheImage() {
    var chain =
        StrategyChoice.of(
            deployment("v2", null, "app:v2", null, Map.of("new-checkout", true)),
            deployment("v1", null, "app:v1", null, Map.of("new-checkout", false)),
            DEMO_WEB,
            false);

    assertThat(chain.ids()).containsExactly("feature-flag", "container-revert");
  }

  @Test
  void onlyTheCommitChangedIsACodeRevert() {
    var chain =
        StrategyChoice.of(
            deployment("v2", "bbbbbbb", null, "0015_a"),
            deployment("v1", "aaaaaaa", null, "0015_a"),
            ACCOUNTING,
            false);

    assertThat(chain.ids()).containsExactly("code-revert");
  }

  @Test
  void dataCorruptionRestoresTheBackupInsteadOfMigratingDown() {
    var chain =
        StrategyChoice.of(
            deployment("v2", "bbbbbbb", null, "0016_b"),
            deployment("v1", "aaaaaaa", null, "0015_a"),
            ACCOUNTING,
            true);

    assertThat(chain.ids()).containsExactly("backup-restore", "code-revert");
  }

  @Test
  void aNewImageIsAContainerRevert() {
    var chain =
        StrategyChoice.of(
            deployment("v2", "bbbbbbb", "registry.local:5000/app:v2", null),
            deployment("v1", "aaaaaaa", "registry.local:5000/app:v1", null),
            DEMO_WEB,
            false);

    // demo-web has no code section: the commit that changed is named, not acted on
    assertThat(chain.ids()).containsExactly("container-revert");
    assertThat(chain.reasons())
        .anyMatch(r -> r.contains("catalog has no code") && r.contains("code-revert left out"));
  }

  @Test
  void withoutAKnownGoodVersionNothingIsChosen() {
    var chain = StrategyChoice.of(deployment("v1", "aaaaaaa", null, null), null, ACCOUNTING, false);

    assertThat(chain.ids()).isEmpty();
    assertThat(chain.reasons()).anyMatch(r -> r.contains("no known-good version before v1"));
  }

  @Test
  void nothingRecordedChangedNamesNoStrategy() {
    var chain =
        StrategyChoice.of(
            deployment("v2", null, null, null),
            deployment("v1", null, null, null),
            ACCOUNTING,
            false);

    assertThat(chain.ids()).isEmpty();
    assertThat(chain.reasons()).anyMatch(r -> r.contains("name the strategy yourself"));
  }
}
