package dev.rewind.activities.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The create request of a replacement container: the original's own spec (its {@code Config} and
 * whole {@code HostConfig}, as {@code docker inspect} reports them) on another image.
 *
 * <p>A container's Config mixes what its operator set with what it inherited from its image. The
 * inherited part is dropped, so that the target image's own defaults apply: copying the bad image's
 * {@code APP_VERSION} or {@code CMD} into the good one would quietly run the bad version's
 * settings. Volumes are re-attached by name so the replacement keeps the original's data.
 */
final class ReplacementSpec {
  /** Config values that come from the image unless the operator overrode them. */
  private static final List<String> INHERITED_VALUES =
      List.of(
          "Cmd",
          "Entrypoint",
          "Healthcheck",
          "WorkingDir",
          "User",
          "StopSignal",
          "ArgsEscaped",
          "Shell",
          "OnBuild");

  /** Config maps whose entries each come from the image unless the operator set them. */
  private static final List<String> INHERITED_ENTRIES =
      List.of("Labels", "ExposedPorts", "Volumes");

  private ReplacementSpec() {}

  /**
   * @param original {@code GET /containers/{id}/json} of the original container
   * @param oldImage {@code .Config} of the original's image, or a missing node if it is gone (then
   *     nothing can be told apart and the whole Config is kept)
   */
  static ObjectNode of(JsonNode original, JsonNode oldImage, String imageRef) {
    ObjectNode body = ((ObjectNode) original.get("Config")).deepCopy();
    body.put("Image", imageRef);
    String shortId = original.path("Id").asText().substring(0, 12);
    if (shortId.equals(body.path("Hostname").asText())) {
      body.remove("Hostname"); // Docker's default, the old container's own id
    }
    for (String field : INHERITED_VALUES) {
      if (body.has(field) && body.get(field).equals(oldImage.get(field))) {
        body.remove(field);
      }
    }
    for (String field : INHERITED_ENTRIES) {
      if (body.get(field) instanceof ObjectNode entries) {
        JsonNode inherited = oldImage.path(field);
        entries.properties().removeIf(e -> e.getValue().equals(inherited.get(e.getKey())));
      }
    }
    if (body.get("Env") instanceof ArrayNode env) {
      Set<String> inherited = new HashSet<>();
      oldImage.path("Env").forEach(e -> inherited.add(e.asText()));
      env.removeIf(e -> inherited.contains(e.asText()));
    }
    body.set("HostConfig", hostConfig(original));
    ObjectNode endpoints = body.putObject("NetworkingConfig").putObject("EndpointsConfig");
    String primary = ContainerNetworks.primary(original);
    if (primary != null) {
      JsonNode endpoint = original.path("NetworkSettings").path("Networks").path(primary);
      endpoints.set(primary, ContainerNetworks.endpointConfig(original, endpoint));
    }
    return body;
  }

  private static ObjectNode hostConfig(JsonNode original) {
    ObjectNode host = ((ObjectNode) original.get("HostConfig")).deepCopy();
    // Inspect reports legacy links as "/other:/this/alias"; create wants "other:alias".
    if (host.get("Links") instanceof ArrayNode links) {
      ArrayNode converted = host.putArray("Links");
      links.forEach(l -> converted.add(createLink(l.asText())));
    }
    // Volumes not named in Binds or Mounts (anonymous ones, from `-v /data` or the image's
    // VOLUME) would otherwise be created empty: bind each by its name at the same destination.
    Set<String> bound = new HashSet<>();
    host.path("Binds").forEach(b -> bound.add(bindDestination(b.asText())));
    host.path("Mounts").forEach(m -> bound.add(m.path("Target").asText()));
    for (JsonNode mount : original.path("Mounts")) {
      String destination = mount.path("Destination").asText();
      if ("volume".equals(mount.path("Type").asText()) && !bound.contains(destination)) {
        if (!(host.get("Binds") instanceof ArrayNode)) {
          host.putArray("Binds");
        }
        String mode = mount.path("RW").asBoolean(true) ? "" : ":ro";
        ((ArrayNode) host.get("Binds")).add(mount.path("Name").asText() + ":" + destination + mode);
      }
    }
    return host;
  }

  /** {@code src:dst[:opts]} → {@code dst}. */
  private static String bindDestination(String bind) {
    String[] parts = bind.split(":");
    return parts.length >= 2 ? parts[1] : parts[0];
  }

  private static String createLink(String link) {
    String[] parts = link.split(":");
    if (parts.length != 2) {
      return link;
    }
    String target = parts[0].startsWith("/") ? parts[0].substring(1) : parts[0];
    return target + ":" + parts[1].substring(parts[1].lastIndexOf('/') + 1);
  }
}
