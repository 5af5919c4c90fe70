package dev.rewind.activities.docker;

import dev.rewind.activities.TestActivities;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.TestCatalogs;
import dev.rewind.activities.host.Redaction;
import dev.rewind.catalog.Catalog;
import dev.rewind.workflows.container.ContainerActivities;
import dev.rewind.workflows.core.Target;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;

/**
 * One test's Docker world: a catalog whose services each own one container of this run, the
 * activities resolving it and running inside Temporal's activity test environment (so heartbeats
 * and Activity context are real) against the real engine, plus every container, volume and network
 * the test made, all labelled and removed afterwards.
 */
final class DockerFixture implements AutoCloseable {
  static final String DOCKER_HOST = "unix:///var/run/docker.sock";

  /** A value of the worker's environment its catalog names as a secret (a database password). */
  static final String WORKER_SECRET = "worker-db-password-4711";

  final String runId = "rw" + UUID.randomUUID().toString().substring(0, 8);
  final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  final Catalog catalog;
  final ContainerActivities activities;

  /**
   * A service of the fixture's catalog, environment {@code test} on host {@code local}: its
   * container is named {@code <runId>-<name>}, runs {@code image} (a repository), may be pulled,
   * and has the health URL {@code healthUrl} (or none).
   */
  record Service(String name, String image, boolean pull, String healthUrl) {
    static Service of(String name) {
      return new Service(name, "app", false, null);
    }

    Service withHealth(String url) {
      return new Service(name, image, pull, url);
    }

    Service pulledFrom(String repository) {
      return new Service(name, repository, true, healthUrl);
    }
  }

  private static final String MOUNTED_VOLUMES =
      "{{range .Mounts}}{{if eq .Type \"volume\"}}{{.Name}} {{end}}{{end}}";

  private final DockerHosts hosts = new DockerHosts();
  private final List<String> volumes = new ArrayList<>();
  private final List<String> networks = new ArrayList<>();

  DockerFixture(Service... services) {
    TestImages.ensureBuilt();
    catalog = catalog(services);
    env.registerActivitiesImplementations(
        new ContainerActivitiesImpl(
            new CatalogTargets(catalog), hosts, Redaction.secrets(List.of(WORKER_SECRET))));
    activities = TestActivities.once(env, ContainerActivities.class, Duration.ofSeconds(60));
  }

  /** A container name no other test (or engineer) uses. */
  String name(String what) {
    return runId + "-" + what;
  }

  /** The plan's name for service {@code service}'s container. */
  Target target(String service) {
    return TestCatalogs.target(catalog, service, "test", "local");
  }

  private Catalog catalog(Service... services) {
    StringBuilder yaml = new StringBuilder("hosts:\n  local: { transport: agent }\nservices:\n");
    for (Service s : services) {
      yaml.append(
          """
            %s:
              test:
                hosts: [local]
                container: { name: %s, image: "%s", dockerHost: "%s", pull: %s }
          """
              .formatted(s.name(), name(s.name()), s.image(), DOCKER_HOST, s.pull()));
      if (s.healthUrl() != null) {
        yaml.append("      health: { url: \"%s\" }\n".formatted(s.healthUrl()));
      }
    }
    try {
      return TestCatalogs.write(
          Files.createTempDirectory("rewind-docker-catalog-"), yaml.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code docker run -d --name name …}: the container as its operator started it. */
  String runContainer(String name, String... args) {
    List<String> command = new ArrayList<>(List.of("run", "-d", "--name", name));
    command.addAll(List.of("--label", "dev.rewind.test=" + runId));
    command.addAll(List.of(args));
    return DockerCli.run(command.toArray(String[]::new));
  }

  String volume(String what) {
    String name = name(what);
    DockerCli.run("volume", "create", name);
    volumes.add(name);
    return name;
  }

  String network(String what) {
    String name = name(what);
    DockerCli.run("network", "create", name);
    networks.add(name);
    return name;
  }

  /** Reads a field with a Go template, as an operator would check it. */
  static String inspect(String container, String template) {
    return DockerCli.run("inspect", "-f", template, container);
  }

  /** The typed failure an activity call ended with. */
  static ApplicationFailure failureOf(Executable call) {
    return TestActivities.failureOf(call);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    env.close();
    hosts.close();
    String ids =
        DockerCli.runAllowingFailure("ps", "-aq", "--filter", "label=dev.rewind.test=" + runId);
    if (!ids.isBlank()) {
      List<String> containers = List.of(ids.split("\\s+"));
      // Anonymous volumes re-attached by name to a replacement are no longer anonymous to it.
      List<String> inspect = new ArrayList<>(List.of("inspect", "-f", MOUNTED_VOLUMES));
      inspect.addAll(containers);
      String mounted = DockerCli.runAllowingFailure(inspect.toArray(String[]::new));
      List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
      rm.addAll(containers);
      DockerCli.runAllowingFailure(rm.toArray(String[]::new));
      volumes.addAll(List.of(mounted.split("\\s+")));
    }
    volumes.stream()
        .filter(v -> !v.isBlank())
        .forEach(v -> DockerCli.runAllowingFailure("volume", "rm", "-f", v));
    networks.forEach(n -> DockerCli.runAllowingFailure("network", "rm", n));
  }
}
