package dev.rewind.activities.docker;

import static dev.rewind.activities.docker.DockerFixture.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.docker.DockerFixture.Service;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.container.ContainerFailures;
import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.core.Target;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The target image must be on the host before the running container is touched. */
@Tag("infra")
class EnsureImageTest {
  private DockerFixture docker;

  @AfterEach
  void tearDown() {
    docker.close();
  }

  @Test
  void missingImageFailsPermanentlyAndLeavesTheContainerRunning() {
    docker = new DockerFixture(Service.of("app"));
    String name = docker.name("app");
    String originalId = docker.runContainer(name, TestImages.V2);
    Target target = docker.target("app");
    String missing = docker.runId + "-missing";

    assertFalse(docker.activities.hasImage(target, missing));
    ApplicationFailure failure = failureOf(() -> docker.activities.ensureImage(target, missing));

    assertEquals(ContainerFailures.IMAGE_NOT_FOUND, failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(
        failure.getOriginalMessage().contains("app:" + missing), failure.getOriginalMessage());
    ContainerSnapshot after = docker.activities.inspectContainer(target);
    assertEquals(originalId, after.id());
    assertEquals(name, after.name());
    assertEquals(TestImages.V2, after.image());
    assertTrue(after.running());
  }

  @Test
  void hasImageTellsWithoutPulling() {
    docker = new DockerFixture(Service.of("app"));

    assertTrue(docker.activities.hasImage(docker.target("app"), "v1"));
  }

  @Test
  void aTagThatWouldBeAnOptionOrAnotherImageIsInvalidAndNothingIsPulled() {
    docker = new DockerFixture(Service.of("app"));
    Target target = docker.target("app");

    for (String tag : new String[] {"-v1", "v1@sha256:0000", "v1 --all", "../../other:v1"}) {
      ApplicationFailure failure = failureOf(() -> docker.activities.ensureImage(target, tag));
      assertEquals(FailureTypes.INVALID_VALUE, failure.getType(), tag);
      assertTrue(failure.isNonRetryable());
    }
  }

  @Test
  void imageTheRegistryDoesNotKnowFailsPermanently() throws IOException {
    try (EmptyRegistry registry = new EmptyRegistry()) {
      docker = new DockerFixture(Service.of("app").pulledFrom(registry.address() + "/rewind/app"));

      ApplicationFailure failure =
          failureOf(() -> docker.activities.ensureImage(docker.target("app"), "v9"));

      assertEquals(
          ContainerFailures.IMAGE_NOT_FOUND, failure.getType(), failure.getOriginalMessage());
      assertTrue(failure.isNonRetryable());
    }
  }

  @Test
  void unreachableRegistryIsRetried() {
    String repository = "127.0.0.1:" + DockerFixture.freePort() + "/rewind/app";
    docker = new DockerFixture(Service.of("app").pulledFrom(repository));

    ApplicationFailure failure =
        failureOf(() -> docker.activities.ensureImage(docker.target("app"), "v1"));

    assertEquals(
        DockerFailures.DOCKER_UNAVAILABLE, failure.getType(), failure.getOriginalMessage());
    assertFalse(failure.isNonRetryable());
  }
}
