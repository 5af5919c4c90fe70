package dev.rewind.activities.docker;

import static dev.rewind.activities.docker.DockerFixture.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.workflows.ContainerSnapshot;
import dev.rewind.workflows.ContainerTarget;
import dev.rewind.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The target image must be on the host before the running container is touched. */
@Tag("infra")
class EnsureImageTest {
  private DockerFixture docker;

  @BeforeEach
  void setUp() {
    docker = new DockerFixture();
  }

  @AfterEach
  void tearDown() {
    docker.close();
  }

  @Test
  void missingImageFailsPermanentlyAndLeavesTheContainerRunning() {
    String name = docker.name("app");
    String originalId = docker.runContainer(name, TestImages.V2);
    ContainerTarget target = docker.target(name);
    String missing = "app:" + docker.runId + "-missing";

    ApplicationFailure failure = failureOf(() -> docker.activities.ensureImage(target, missing));

    assertEquals(FailureTypes.IMAGE_NOT_FOUND, failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(failure.getOriginalMessage().contains(missing), failure.getOriginalMessage());
    ContainerSnapshot after = docker.activities.inspectContainer(target);
    assertEquals(originalId, after.id());
    assertEquals(name, after.name());
    assertEquals(TestImages.V2, after.image());
    assertTrue(after.running());
  }

  @Test
  void imageTheRegistryDoesNotKnowFailsPermanently() throws IOException {
    try (EmptyRegistry registry = new EmptyRegistry()) {
      String image = registry.address() + "/rewind/app:v9";
      ApplicationFailure failure = failureOf(() -> docker.activities.ensureImage(pulling(), image));

      assertEquals(FailureTypes.IMAGE_NOT_FOUND, failure.getType(), failure.getOriginalMessage());
      assertTrue(failure.isNonRetryable());
    }
  }

  @Test
  void unreachableRegistryIsRetried() {
    String image = "127.0.0.1:" + DockerFixture.freePort() + "/rewind/app:v1";

    ApplicationFailure failure = failureOf(() -> docker.activities.ensureImage(pulling(), image));

    assertEquals(
        DockerFailures.DOCKER_UNAVAILABLE, failure.getType(), failure.getOriginalMessage());
    assertFalse(failure.isNonRetryable());
  }

  private ContainerTarget pulling() {
    return new ContainerTarget("local", DockerFixture.DOCKER_HOST, docker.name("app"), "app", true);
  }
}
