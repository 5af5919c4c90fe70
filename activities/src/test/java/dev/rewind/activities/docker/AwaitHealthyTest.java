package dev.rewind.activities.docker;

import static dev.rewind.activities.docker.DockerFixture.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.docker.DockerFixture.Service;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.core.Target;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Waiting for a started container to be healthy, by Docker's HEALTHCHECK or by HTTP. */
@Tag("infra")
class AwaitHealthyTest {
  /** What `docker run --health-cmd` adds; import cannot put a HEALTHCHECK into the image. */
  private static final String[] HEALTHCHECK = {
    "--health-cmd", "test -f /www/health", "--health-interval", "1s", "--health-retries", "1"
  };

  private DockerFixture docker;
  private String name;
  private Target target;

  /** The container of service {@code app}, whose catalog health URL is on {@code port} if given. */
  private void catalog(Integer port) {
    Service app = Service.of("app");
    docker =
        new DockerFixture(
            port == null ? app : app.withHealth("http://127.0.0.1:" + port + "/health"));
    name = docker.name("app");
    target = docker.target("app");
  }

  @AfterEach
  void tearDown() {
    docker.close();
  }

  @Test
  void dockerHealthcheckReportingHealthyEndsTheWait() {
    catalog(null);
    String id = docker.runContainer(name, concat(HEALTHCHECK, TestImages.V1));

    docker.activities.awaitHealthy(target, id, new HealthPolicy(200, 20));

    assertEquals("healthy", DockerFixture.inspect(id, "{{.State.Health.Status}}"));
  }

  @Test
  void dockerHealthcheckReportingUnhealthyFailsPermanently() {
    catalog(null);
    String id = docker.runContainer(name, concat(HEALTHCHECK, TestImages.V2));

    ApplicationFailure failure =
        failureOf(() -> docker.activities.awaitHealthy(target, id, new HealthPolicy(200, 20)));

    assertEquals(FailureTypes.UNHEALTHY, failure.getType());
    assertTrue(failure.isNonRetryable());
  }

  @Test
  void httpCheckNeverAnsweringTheExpectedStatusTimesOut() {
    int port = DockerFixture.freePort();
    catalog(port);
    String id = docker.runContainer(name, "-p", "127.0.0.1:" + port + ":8080", TestImages.V2);
    HealthPolicy health = new HealthPolicy(200, 2);

    ApplicationFailure failure =
        failureOf(() -> docker.activities.awaitHealthy(target, id, health));

    assertEquals(FailureTypes.HEALTH_TIMEOUT, failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(failure.getOriginalMessage().contains("404"), failure.getOriginalMessage());
  }

  @Test
  void deadlineIsKeptInHeartbeatsAndKeptByARetry() {
    int port = DockerFixture.freePort();
    catalog(port);
    String id = docker.runContainer(name, "-p", "127.0.0.1:" + port + ":8080", TestImages.V2);
    HealthPolicy health = new HealthPolicy(200, 60);
    List<Long> deadlines = new CopyOnWriteArrayList<>();
    docker.env.setActivityHeartbeatListener(Long.class, deadlines::add);
    long deadlineOfTheFirstTry = System.currentTimeMillis() - 1;
    docker.env.setHeartbeatDetails(deadlineOfTheFirstTry);

    ApplicationFailure failure =
        failureOf(() -> docker.activities.awaitHealthy(target, id, health));

    assertEquals(FailureTypes.HEALTH_TIMEOUT, failure.getType(), "no fresh 60 s for the retry");
    assertEquals(List.of(deadlineOfTheFirstTry), deadlines);
  }

  @Test
  void containerThatExitsFailsWithItsExitCodeAndLogs() {
    catalog(null);
    String id =
        docker.runContainer(
            name, TestImages.V1, "/bin/sh", "-c", "echo cannot open database; exit 3");
    DockerCli.run("wait", id);

    ApplicationFailure failure =
        failureOf(() -> docker.activities.awaitHealthy(target, id, new HealthPolicy(200, 20)));

    assertEquals(FailureTypes.UNHEALTHY, failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(failure.getOriginalMessage().contains("exit code 3"), failure.getOriginalMessage());
    assertTrue(failure.getOriginalMessage().contains("cannot open database"));
  }

  @Test
  void theLogsOfAContainerThatExitsAreBoundedAndRedactedBeforeTheyBecomeItsFailure() {
    catalog(null);
    String script =
        "echo connecting as app with $DB_PASSWORD and $API_TOKEN from $GREETING;"
            + " echo worker said "
            + DockerFixture.WORKER_SECRET
            + "; echo retrying password=abc123 with Authorization: Bearer eyJ.tok-en;"
            + " printf '%0500d\\n' 7; exit 1";
    String id =
        docker.runContainer(
            name,
            "-e",
            "DB_PASSWORD=hunter2-xyz",
            "-e",
            "API_TOKEN=tk-0042-secret",
            "-e",
            "GREETING=hello-there",
            TestImages.V1,
            "/bin/sh",
            "-c",
            script);
    DockerCli.run("wait", id);

    String message =
        failureOf(() -> docker.activities.awaitHealthy(target, id, new HealthPolicy(200, 20)))
            .getOriginalMessage();

    assertTrue(
        message.contains("connecting as app with [redacted] and [redacted] from hello-there"),
        message);
    assertTrue(message.contains("worker said [redacted]"), message);
    assertTrue(
        message.contains("password=[redacted] with Authorization: Bearer [redacted]"), message);
    for (String secret :
        List.of("hunter2-xyz", "tk-0042-secret", DockerFixture.WORKER_SECRET, "abc123", "eyJ")) {
      assertFalse(message.contains(secret), message);
    }
    assertTrue(message.contains("0".repeat(199) + "…"), "a 500-byte line is cut: " + message);
    assertFalse(message.contains("0".repeat(201)), message);
  }

  @Test
  void cancellingTheRollbackStopsTheWait() {
    int port = DockerFixture.freePort();
    catalog(port);
    String id = docker.runContainer(name, "-p", "127.0.0.1:" + port + ":8080", TestImages.V2);
    HealthPolicy health = new HealthPolicy(200, 30);
    docker.env.setActivityHeartbeatListener(Long.class, d -> docker.env.requestCancelActivity());

    // Cancelled, not wrapped into a failure of the step: the workflow sees a cancellation.
    assertThrows(CanceledFailure.class, () -> docker.activities.awaitHealthy(target, id, health));
  }

  private static String[] concat(String[] options, String image) {
    String[] args = Arrays.copyOf(options, options.length + 1);
    args[options.length] = image;
    return args;
  }
}
