package dev.rewind.activities.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks a container is attached to, from {@code docker inspect}. Docker (API 1.41) attaches
 * a new container to one network only, its network mode's; every other user-defined network is
 * connected afterwards, keeping the aliases the service is reached by.
 */
final class ContainerNetworks {
  private ContainerNetworks() {}

  /** The network the container is created on, or null for host, none and container:… modes. */
  static String primary(JsonNode container) {
    String mode = container.path("HostConfig").path("NetworkMode").asText("default");
    if (mode.isEmpty() || "default".equals(mode)) {
      return "bridge";
    }
    if ("host".equals(mode) || "none".equals(mode) || mode.startsWith("container:")) {
      return null;
    }
    // The mode may name the network by id; the settings are keyed by name.
    JsonNode networks = container.path("NetworkSettings").path("Networks");
    for (var it = networks.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (networks.get(name).path("NetworkID").asText().startsWith(mode)) {
        return name;
      }
    }
    return mode;
  }

  /** Networks attached after the primary one. */
  static List<String> extra(JsonNode container) {
    String primary = primary(container);
    List<String> extra = new ArrayList<>();
    if (primary == null) {
      return extra;
    }
    container.path("NetworkSettings").path("Networks").fieldNames().forEachRemaining(extra::add);
    extra.remove(primary);
    return extra;
  }

  /**
   * What the replacement needs on {@code endpoint}'s network: the operator's aliases (without the
   * alias Docker derives from the old container's id), static addresses and links. Addresses Docker
   * assigned are left for it to assign again.
   */
  static ObjectNode endpointConfig(JsonNode container, JsonNode endpoint) {
    ObjectNode config = DockerEngine.JSON.createObjectNode();
    String shortId = container.path("Id").asText().substring(0, 12);
    if (endpoint.get("Aliases") instanceof ArrayNode aliases) {
      ArrayNode kept = config.putArray("Aliases");
      aliases.forEach(
          a -> {
            if (!shortId.equals(a.asText())) {
              kept.add(a);
            }
          });
    }
    for (String field : List.of("IPAMConfig", "Links", "DriverOpts")) {
      if (endpoint.hasNonNull(field)) {
        config.set(field, endpoint.get(field));
      }
    }
    return config;
  }

  /** Connects {@code replacementId} to the original's extra networks it is not on yet. */
  static void connectExtra(DockerEngine docker, JsonNode original, String replacementId) {
    JsonNode attached =
        docker
            .get("/containers/" + DockerEngine.encode(replacementId) + "/json")
            .path("NetworkSettings")
            .path("Networks");
    for (String network : extra(original)) {
      if (attached.has(network)) {
        continue;
      }
      JsonNode endpoint = original.path("NetworkSettings").path("Networks").path(network);
      ObjectNode body = DockerEngine.JSON.createObjectNode();
      body.put("Container", replacementId);
      body.set("EndpointConfig", endpointConfig(original, endpoint));
      docker.post("/networks/" + DockerEngine.encode(network) + "/connect", body);
    }
  }
}
