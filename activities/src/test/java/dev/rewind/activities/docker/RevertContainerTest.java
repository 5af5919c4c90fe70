package dev.rewind.activities.docker;

import static dev.rewind.activities.docker.DockerFixture.inspect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.docker.DockerFixture.Service;
import dev.rewind.workflows.Topology.HealthPolicy;
import dev.rewind.workflows.container.ContainerSnapshot;
import dev.rewind.workflows.core.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** container-revert step by step against the real engine: app:v2 (the bad deploy) to app:v1. */
@Tag("infra")
class RevertContainerTest {
  /** Settings given to `docker run` beyond the image's, as Go templates of `docker inspect`. */
  private static final List<String> OPERATOR_SETTINGS =
      List.of(
          "{{.Config.Cmd}}",
          "{{.Config.Hostname}}",
          "{{.Config.WorkingDir}}",
          "{{.Config.StopTimeout}}",
          "{{.Config.StopSignal}}",
          "{{.HostConfig.Memory}}",
          "{{.HostConfig.CapDrop}}",
          "{{.HostConfig.Tmpfs}}",
          "{{.HostConfig.NetworkMode}}");

  private DockerFixture docker;

  @AfterEach
  void tearDown() {
    docker.close();
  }

  @Test
  void revertRunsTheTargetImageWithTheOperatorsSpecAndData(@TempDir Path config) throws Exception {
    int port = DockerFixture.freePort();
    docker =
        new DockerFixture(Service.of("app").withHealth("http://127.0.0.1:" + port + "/health"));
    var steps = docker.activities;
    String name = docker.name("app");
    String volume = docker.volume("data");
    String options =
        "-e A=1 -e SECRET=x -p 127.0.0.1:%d:8080 --label team=billing -v %s:/etc/app"
            + " -v %s:/var/lib/app -v /cache --restart unless-stopped %s";
    String originalId =
        docker.runContainer(
            name, options.formatted(port, config, volume, TestImages.V2).split(" "));
    DockerCli.run(
        "exec", name, "/bin/sh", "-c", "echo kept > /var/lib/app/f; echo kept > /cache/f");
    String bindsBefore = inspect(name, "{{json .HostConfig.Binds}}");
    String cacheVolume =
        inspect(name, "{{range .Mounts}}{{if eq .Destination \"/cache\"}}{{.Name}}{{end}}{{end}}");
    Target target = docker.target("app");

    ContainerSnapshot before = steps.inspectContainer(target);
    steps.ensureImage(target, "v1");
    steps.retireContainer(target, originalId, "t001");
    String replacementId = steps.recreateContainer(target, originalId, "v1");
    steps.startContainer(target, replacementId);
    steps.awaitHealthy(target, replacementId, new HealthPolicy(200, 20));
    steps.removeContainer(target, originalId);

    ContainerSnapshot after = steps.inspectContainer(target);
    assertNotEquals(originalId, replacementId);
    assertEquals(replacementId, after.id());
    assertEquals(TestImages.V1, after.image());
    assertTrue(after.running());
    assertEquals(before.ports(), after.ports());
    assertEquals(List.of("127.0.0.1:" + port + "->8080/tcp"), after.ports());
    assertEquals("unless-stopped", after.restartPolicy());
    assertEquals(before.mounts(), after.mounts());
    assertEquals(before.networks(), after.networks());
    assertEquals("", DockerCli.runAllowingFailure("inspect", originalId), "old container removed");

    String env = inspect(name, "{{json .Config.Env}}");
    assertTrue(env.contains("\"A=1\"") && env.contains("\"SECRET=x\""), env);
    assertTrue(env.contains("\"APP_VERSION=v1\""), env);
    assertFalse(env.contains("APP_VERSION=v2"), "the bad image's env must not be copied: " + env);
    assertEquals("billing", inspect(name, "{{index .Config.Labels \"team\"}}"));
    assertEquals(
        "v1-recipe-1", inspect(name, "{{index .Config.Labels \"dev.rewind.test-image\"}}"));
    assertTrue(
        inspect(name, "{{json .HostConfig.Binds}}").startsWith(bindsBefore.replace("]", "")));
    assertEquals("kept", DockerCli.run("exec", name, "/bin/busybox", "cat", "/var/lib/app/f"));
    assertEquals("kept", DockerCli.run("exec", name, "/bin/busybox", "cat", "/cache/f"));
    assertTrue(inspect(name, "{{json .Mounts}}").contains(cacheVolume), "same anonymous volume");
    assertEquals("v1", get("http://127.0.0.1:" + port + "/health").strip());
  }

  @Test
  void revertKeepsOperatorSettingsTheImageDoesNotHave() {
    docker = new DockerFixture(Service.of("api"));
    var steps = docker.activities;
    String name = docker.name("api");
    String front = docker.network("front");
    String back = docker.network("back");
    String options =
        "--network %s --network-alias api --hostname web1 -w /www --stop-timeout 1"
            + " --stop-signal SIGINT --memory 64m --cap-drop NET_RAW --tmpfs /run %s"
            + " /bin/busybox httpd -f -p 8081 -h /www";
    String originalId =
        docker.runContainer(name, options.formatted(front, TestImages.V2).split(" "));
    DockerCli.run("network", "connect", "--alias", "api-internal", back, name);
    Target target = docker.target("api");

    steps.retireContainer(target, originalId, "t002");
    String replacementId = steps.recreateContainer(target, originalId, "v1");
    steps.startContainer(target, replacementId);

    for (String field : OPERATOR_SETTINGS) {
      assertEquals(inspect(originalId, field), inspect(replacementId, field), field);
    }
    assertEquals("[/bin/busybox httpd -f -p 8081 -h /www]", inspect(name, "{{.Config.Cmd}}"));
    assertEquals("1", inspect(name, "{{.Config.StopTimeout}}"));
    assertEquals(front, inspect(name, "{{.HostConfig.NetworkMode}}"));
    String aliases = "{{range $n, $e := .NetworkSettings.Networks}}{{$n}}=%s {{end}}";
    String seen = inspect(replacementId, aliases.formatted("{{join $e.Aliases \",\"}}"));
    assertTrue(seen.contains(front + "=api"), seen);
    assertTrue(seen.contains(back + "=api-internal"), seen);
    assertFalse(seen.contains(originalId.substring(0, 12)), "no alias of the old id: " + seen);
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
