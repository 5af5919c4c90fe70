package dev.rewind.activities.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.ContainerTarget;
import dev.rewind.workflows.container.ContainerFailures;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the replacement of a retired container: same name, same spec, the target image. A
 * replacement left by an earlier try that crashed after creating it is recognised by holding the
 * name with the target image, and is reused instead of doubled.
 */
final class RecreateContainer {
  private static final Logger log = LoggerFactory.getLogger(RecreateContainer.class);

  private final DockerEngine docker;
  private final ContainerTarget target;

  RecreateContainer(DockerEngine docker, ContainerTarget target) {
    this.docker = docker;
    this.target = target;
  }

  String recreate(String originalId, String imageRef) {
    Optional<String> existing = existingReplacement(originalId, imageRef);
    Optional<JsonNode> original = findOriginal(originalId);
    if (existing.isPresent()) {
      // The earlier try may have crashed before connecting every network.
      original.ifPresent(o -> ContainerNetworks.connectExtra(docker, o, existing.get()));
      return existing.get();
    }
    JsonNode spec =
        original.orElseThrow(
            () ->
                Failures.permanent(
                    ContainerFailures.CONTAINER_NOT_FOUND,
                    "original container %s of %s is gone from %s: its spec cannot be copied"
                        .formatted(originalId, target.name(), docker.host())));
    String id = create(spec, imageRef);
    ContainerNetworks.connectExtra(docker, spec, id);
    return id;
  }

  private String create(JsonNode original, String imageRef) {
    JsonNode oldImage = oldImageConfig(original);
    JsonNode body = ReplacementSpec.of(original, oldImage, imageRef);
    try {
      JsonNode created =
          docker.post("/containers/create?name=" + DockerEngine.encode(target.name()), body);
      created.path("Warnings").forEach(w -> log.warn("creating {}: {}", target.name(), w.asText()));
      String id = created.path("Id").asText();
      log.info(
          "created {} ({}) from {}, spec of {}", target.name(), id, imageRef, originalId(original));
      return id;
    } catch (NotFoundException e) {
      throw Failures.permanent(
          ContainerFailures.IMAGE_NOT_FOUND,
          "cannot create %s: image %s not found on %s (%s)"
              .formatted(target.name(), imageRef, docker.host(), e.getMessage()));
    } catch (ConflictException e) {
      // A concurrent try of this same step may just have created it.
      return existingReplacement(originalId(original), imageRef)
          .orElseThrow(
              () ->
                  Failures.permanent(
                      ContainerFailures.CONTAINER_CONFLICT,
                      "cannot create %s: the name is taken (%s)"
                          .formatted(target.name(), e.getMessage())));
    }
  }

  private static String originalId(JsonNode original) {
    return original.path("Id").asText();
  }

  private Optional<JsonNode> findOriginal(String originalId) {
    try {
      return Optional.of(docker.get("/containers/" + DockerEngine.encode(originalId) + "/json"));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** The old image's Config, to tell what the original merely inherited; missing if deleted. */
  private JsonNode oldImageConfig(JsonNode original) {
    String image = original.path("Image").asText();
    try {
      return docker.get("/images/" + DockerEngine.encode(image) + "/json").path("Config");
    } catch (NotFoundException e) {
      log.warn(
          "image {} of {} is gone: copying its whole config, inherited values included",
          image,
          target.name());
      return DockerEngine.JSON.missingNode();
    }
  }

  /**
   * The container holding the name, if it is a replacement this step made: another container than
   * the original, on the target image. The original still holding the name, or a stranger on
   * another image, is a conflict Rewind must not resolve by itself.
   */
  private Optional<String> existingReplacement(String originalId, String imageRef) {
    Optional<InspectContainerResponse> holder = docker.containerNamed(target.name());
    if (holder.isEmpty()) {
      return Optional.empty();
    }
    InspectContainerResponse c = holder.get();
    if (c.getId().equals(originalId)) {
      throw Failures.permanent(
          ContainerFailures.CONTAINER_CONFLICT,
          "cannot create " + target.name() + ": the original container still holds the name");
    }
    if (!imageRef.equals(c.getConfig().getImage())) {
      throw Failures.permanent(
          ContainerFailures.CONTAINER_CONFLICT,
          "cannot create %s: the name is held by %s running %s, not %s"
              .formatted(target.name(), c.getId(), c.getConfig().getImage(), imageRef));
    }
    log.info("{} already recreated as {} by an earlier try", target.name(), c.getId());
    return Optional.of(c.getId());
  }
}
