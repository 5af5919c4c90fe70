package dev.rewind.activities.git;

import static dev.rewind.activities.TestActivities.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.TestActivities;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.activities.host.HostShells;
import dev.rewind.activities.host.Redaction;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.code.GitActivities;
import dev.rewind.workflows.code.GitHead;
import dev.rewind.workflows.core.Target;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** git on an agent's own checkout, named by the catalog: real repositories, real git. */
class GitActivitiesImplTest {
  private Path repo;
  private String v1;
  private String v2;
  private Target target;
  private TestActivityEnvironment env;
  private GitActivities git;

  @BeforeEach
  void setUp(@TempDir Path dir) throws Exception {
    repo = Files.createDirectories(dir.resolve("hosts/local/app"));
    run("git", "init", "-q", "-b", "main");
    Files.writeString(repo.resolve("VERSION"), "v1\n");
    commit("v1");
    v1 = run("git", "rev-parse", "HEAD");
    Files.writeString(repo.resolve("VERSION"), "v2\n");
    commit("v2");
    v2 = run("git", "rev-parse", "HEAD");
    Catalog catalog =
        TestCatalogs.write(
            dir.resolve("catalog"),
            """
            hosts:
              local: { transport: agent }
            services:
              shop:
                test:
                  hosts: [local]
                  code: { gitDir: "%s/hosts/{host}/app" }
            """
                .formatted(dir));
    target = TestCatalogs.target(catalog, "shop", "test", "local");
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new GitActivitiesImpl(
            new CatalogTargets(catalog), HostShells.agent("local", Redaction.NONE)));
    git = TestActivities.once(env, GitActivities.class, Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void headIsRecordedFromTheCatalogsCheckout() {
    assertEquals(new GitHead("local", repo.toString(), v2, "main"), git.recordHead(target));
  }

  @Test
  void hasCommitTellsWithoutChangingAnything() throws Exception {
    assertTrue(git.hasCommit(target, v1.substring(0, 10)));
    assertFalse(git.hasCommit(target, "deadbeefdeadbeef"));
    assertEquals(v2, run("git", "rev-parse", "HEAD"));
  }

  @Test
  void aShaThatIsNotOneRunsNoGit() throws Exception {
    GitHead head = git.recordHead(target);

    for (String bad : List.of("--all", "HEAD~1", "v1", "main")) {
      ApplicationFailure f = failureOf(() -> git.revertAfter(target, bad, head));
      assertEquals(FailureTypes.INVALID_VALUE, f.getType(), bad);
      assertTrue(f.isNonRetryable());
    }
    assertEquals(v2, run("git", "rev-parse", "HEAD"));
  }

  @Test
  void aRecordedHeadFromHistoryIsCheckedAndItsDirectoryIgnored() throws Exception {
    GitHead forgedBranch = new GitHead("local", repo.toString(), v1, "--orphan=x");
    GitHead elsewhere = new GitHead("local", "/etc", v1, "main");

    ApplicationFailure f = failureOf(() -> git.restoreHead(target, forgedBranch));
    String restored = git.restoreHead(target, elsewhere);

    assertEquals(FailureTypes.INVALID_VALUE, f.getType());
    assertTrue(restored.startsWith("HEAD back at " + v1.substring(0, 12)), restored);
    assertEquals(v1, run("git", "rev-parse", "HEAD"));
  }

  @Test
  void revertAfterTheKnownGoodCommitRevertsTheLaterOnes() throws Exception {
    String detail = git.revertAfter(target, v1, git.recordHead(target));

    assertTrue(detail.startsWith("reverted 1 commit(s)"), detail);
    assertEquals("v1\n", Files.readString(repo.resolve("VERSION")));
  }

  private void commit(String message) throws Exception {
    run("git", "add", ".");
    run("git", "-c", "user.name=Deployer", "-c", "user.email=d@example", "commit", "-qm", message);
  }

  private String run(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).directory(repo.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
    }
    return out;
  }
}
