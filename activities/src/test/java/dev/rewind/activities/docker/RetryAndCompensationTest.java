package dev.rewind.activities.docker;

import static dev.rewind.activities.docker.DockerFixture.failureOf;
import static dev.rewind.activities.docker.DockerFixture.inspect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.docker.DockerFixture.Service;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.container.ContainerActivities;
import dev.rewind.workflows.container.ContainerFailures;
import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.core.Target;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a crash-and-retry or a failed attempt does to the host: every step run twice leaves the
 * state of running it once, and the compensations put the original container back as it was.
 */
@Tag("infra")
class RetryAndCompensationTest {
  private DockerFixture docker;
  private ContainerActivities steps;
  private String name;
  private String retiredName;
  private Target target;
  private String originalId;

  @BeforeEach
  void setUp() {
    docker = new DockerFixture(Service.of("app"), Service.of("disposable"), Service.of("absent"));
    steps = docker.activities;
    name = docker.name("app");
    retiredName = name + "-rewind-t003";
    target = docker.target("app");
    originalId = docker.runContainer(name, "--restart", "unless-stopped", TestImages.V2);
  }

  @AfterEach
  void tearDown() {
    docker.close();
  }

  @Test
  void everyStepRunTwiceLeavesTheStateOfRunningItOnce() {
    steps.retireContainer(target, originalId, "t003");
    steps.retireContainer(target, originalId, "t003");
    assertEquals("/" + retiredName + " false", inspect(originalId, "{{.Name}} {{.State.Running}}"));

    String first = steps.recreateContainer(target, originalId, "v1");
    String second = steps.recreateContainer(target, originalId, "v1");
    assertEquals(first, second);
    assertEquals(1, containersNamed(name));

    steps.startContainer(target, first);
    steps.startContainer(target, first);
    assertEquals("true", inspect(name, "{{.State.Running}}"));

    steps.removeContainer(target, originalId);
    steps.removeContainer(target, originalId);
    assertEquals("", DockerCli.runAllowingFailure("inspect", originalId));
    assertEquals(first, steps.inspectContainer(target).id());
  }

  @Test
  void compensationsPutTheOriginalBackUnderItsName() {
    steps.retireContainer(target, originalId, "t003");
    String replacementId = steps.recreateContainer(target, originalId, "v1");
    steps.startContainer(target, replacementId);

    steps.discardReplacement(target, originalId);
    steps.discardReplacement(target, originalId);
    steps.reinstateContainer(target, originalId);
    steps.reinstateContainer(target, originalId);

    ContainerSnapshot back = steps.inspectContainer(target);
    assertEquals(originalId, back.id());
    assertEquals(TestImages.V2, back.image());
    assertTrue(back.running());
    assertEquals("", DockerCli.runAllowingFailure("inspect", replacementId));
    assertEquals(0, containersNamed(retiredName));
  }

  @Test
  void reinstateAloneRemovesTheReplacementHoldingTheName() {
    steps.retireContainer(target, originalId, "t003");
    String replacementId = steps.recreateContainer(target, originalId, "v1");

    steps.reinstateContainer(target, originalId);

    assertEquals(originalId, steps.inspectContainer(target).id());
    assertEquals("", DockerCli.runAllowingFailure("inspect", replacementId));
  }

  @Test
  void recreateWhileTheOriginalHoldsTheNameIsAConflict() {
    ApplicationFailure failure = failureOf(() -> steps.recreateContainer(target, originalId, "v1"));

    assertEquals(ContainerFailures.CONTAINER_CONFLICT, failure.getType());
    assertTrue(failure.isNonRetryable());
    assertEquals(1, containersNamed(name));
  }

  @Test
  void containerStartedWithRmIsNotStoppedSinceThatWouldDeleteIt() {
    String disposable = docker.name("disposable");
    String id = docker.runContainer(disposable, "--rm", TestImages.V2);

    ApplicationFailure failure =
        failureOf(() -> steps.retireContainer(docker.target("disposable"), id, "t004"));

    assertEquals(ContainerFailures.CONTAINER_NOT_REVERTIBLE, failure.getType());
    assertTrue(failure.isNonRetryable());
    assertEquals("/" + disposable + " true", inspect(id, "{{.Name}} {{.State.Running}}"));
  }

  @Test
  void absentContainerIsNotFound() {
    Target absent = docker.target("absent");

    ApplicationFailure inspect = failureOf(() -> steps.inspectContainer(absent));
    ApplicationFailure retire =
        failureOf(() -> steps.retireContainer(absent, "0123456789abcdef0123", "t005"));

    assertEquals(ContainerFailures.CONTAINER_NOT_FOUND, inspect.getType());
    assertTrue(inspect.isNonRetryable());
    assertEquals(ContainerFailures.CONTAINER_NOT_FOUND, retire.getType());
    assertTrue(retire.isNonRetryable());
  }

  @Test
  void inspectRecordsTheSpecWithoutEnvironmentValues() {
    ContainerSnapshot snapshot = steps.inspectContainer(target);

    assertEquals(originalId, snapshot.id());
    assertEquals(name, snapshot.name());
    assertEquals(TestImages.V2, snapshot.image());
    assertEquals(inspect(name, "{{.Image}}"), snapshot.imageId());
    assertEquals("unless-stopped", snapshot.restartPolicy());
    assertEquals(false, snapshot.hasHealthcheck());
    assertTrue(snapshot.networks().contains("bridge"), snapshot.networks().toString());
    assertTrue(!snapshot.toString().contains("APP_VERSION"), snapshot.toString());
  }

  @Test
  void aServiceTheCatalogDoesNotKnowCreatesNoContainer() {
    Target unknown = new Target("payroll", "test", "local", "agent", target.catalogDigest());

    ApplicationFailure failure =
        failureOf(() -> steps.recreateContainer(unknown, originalId, "v1"));

    assertEquals(FailureTypes.NOT_IN_CATALOG, failure.getType());
    assertTrue(failure.isNonRetryable());
    assertEquals(1, containersNamed(name));
    assertEquals("/" + name + " true", inspect(originalId, "{{.Name}} {{.State.Running}}"));
  }

  @Test
  void aPlanFromAnotherCatalogTouchesNoContainer() {
    ApplicationFailure failure =
        failureOf(
            () ->
                steps.retireContainer(
                    dev.rewind.activities.catalog.TestCatalogs.drifted(target),
                    originalId,
                    "t006"));

    assertEquals(FailureTypes.CATALOG_DRIFT, failure.getType());
    assertEquals("/" + name + " true", inspect(originalId, "{{.Name}} {{.State.Running}}"));
  }

  @Test
  void aContainerIdOrSuffixThatIsNotOneTouchesNothing() {
    ApplicationFailure name = failureOf(() -> steps.retireContainer(target, this.name, "t007"));
    ApplicationFailure suffix = failureOf(() -> steps.retireContainer(target, originalId, "../x"));

    assertEquals(FailureTypes.INVALID_VALUE, name.getType());
    assertEquals(FailureTypes.INVALID_VALUE, suffix.getType());
    assertEquals("/" + this.name + " true", inspect(originalId, "{{.Name}} {{.State.Running}}"));
  }

  private static int containersNamed(String name) {
    String ids = DockerCli.run("ps", "-aq", "--filter", "name=^/" + name + "$");
    return ids.isBlank() ? 0 : ids.split("\\s+").length;
  }
}
