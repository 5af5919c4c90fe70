package dev.rewind.activities.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.rewind.workflows.container.ContainerSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reduces {@code docker inspect} to a {@link ContainerSnapshot}: what an operator needs to
 * recognise the container in the workflow history. Environment values are left out on purpose
 * (secrets).
 */
final class ContainerSnapshots {
  private ContainerSnapshots() {}

  static ContainerSnapshot of(InspectContainerResponse c) {
    ContainerConfig config = c.getConfig();
    HostConfig host = c.getHostConfig();
    return new ContainerSnapshot(
        c.getId(),
        c.getName().startsWith("/") ? c.getName().substring(1) : c.getName(),
        config.getImage(),
        c.getImageId(),
        Boolean.TRUE.equals(c.getState().getRunning()),
        hasHealthcheck(config),
        restartPolicy(host == null ? null : host.getRestartPolicy()),
        ports(host == null ? null : host.getPortBindings()),
        mounts(c),
        networks(c));
  }

  /** A Docker HEALTHCHECK of its own, whether from the image or {@code docker run}. */
  static boolean hasHealthcheck(ContainerConfig config) {
    HealthCheck check = config == null ? null : config.getHealthcheck();
    List<String> test = check == null ? null : check.getTest();
    return test != null && !test.isEmpty() && !"NONE".equals(test.get(0));
  }

  private static String restartPolicy(RestartPolicy policy) {
    if (policy == null || policy.getName() == null || policy.getName().isEmpty()) {
      return "no";
    }
    Integer retries = policy.getMaximumRetryCount();
    return "on-failure".equals(policy.getName()) && retries != null && retries > 0
        ? "on-failure:" + retries
        : policy.getName();
  }

  /** Published ports as {@code docker ps} shows them: {@code 127.0.0.1:18099->8080/tcp}. */
  private static List<String> ports(Ports bindings) {
    List<String> ports = new ArrayList<>();
    if (bindings == null) {
      return ports;
    }
    for (Map.Entry<ExposedPort, Ports.Binding[]> e : bindings.getBindings().entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      for (Ports.Binding b : e.getValue()) {
        String ip = b.getHostIp() == null || b.getHostIp().isEmpty() ? "0.0.0.0" : b.getHostIp();
        String hostPort = b.getHostPortSpec() == null ? "" : b.getHostPortSpec();
        ports.add(ip + ":" + hostPort + "->" + e.getKey());
      }
    }
    ports.sort(null);
    return ports;
  }

  private static List<String> mounts(InspectContainerResponse c) {
    List<String> mounts = new ArrayList<>();
    if (c.getMounts() != null) {
      c.getMounts().forEach(m -> mounts.add(m.getDestination().getPath()));
    }
    mounts.sort(null);
    return mounts;
  }

  private static List<String> networks(InspectContainerResponse c) {
    if (c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null) {
      return List.of();
    }
    List<String> networks = new ArrayList<>(c.getNetworkSettings().getNetworks().keySet());
    networks.sort(null);
    return networks;
  }
}
