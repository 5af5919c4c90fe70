package dev.rewind.activities.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import dev.rewind.activities.Failures;
import dev.rewind.workflows.container.ContainerFailures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One Docker engine: docker-java's typed commands for the simple calls, and the raw Engine API
 * (same connection) where the typed model would drop fields of a container's spec (StopSignal,
 * StopTimeout and anything newer than the library), because a replacement must keep all of it.
 */
final class DockerEngine {
  static final ObjectMapper JSON = new ObjectMapper();

  private final String host;
  private final DockerClient client;
  private final DockerHttpClient http;

  DockerEngine(String host, DockerClient client, DockerHttpClient http) {
    this.host = host;
    this.client = client;
    this.http = http;
  }

  DockerClient client() {
    return client;
  }

  String host() {
    return host;
  }

  /** The container named exactly {@code name} (Docker alone would also accept an id prefix). */
  Optional<InspectContainerResponse> containerNamed(String name) {
    return container(name).filter(c -> ("/" + name).equals(c.getName()));
  }

  /** The id of whatever container holds {@code name}, unless it is the original itself. */
  Optional<String> replacementHolding(String name, String originalId) {
    return containerNamed(name)
        .map(InspectContainerResponse::getId)
        .filter(id -> !id.equals(originalId));
  }

  Optional<InspectContainerResponse> container(String idOrName) {
    try {
      return Optional.of(client.inspectContainerCmd(idOrName).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** Whether the engine has {@code imageRef} locally. */
  boolean hasImage(String imageRef) {
    try {
      client.inspectImageCmd(imageRef).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  InspectContainerResponse requireContainer(String id) {
    return container(id)
        .orElseThrow(
            () ->
                Failures.permanent(
                    ContainerFailures.CONTAINER_NOT_FOUND, "no container " + id + " on " + host));
  }

  /**
   * Stops with the container's own stop timeout (10 s unless it was created with another), as
   * {@code docker stop} does; docker-java would always send 10 s. Already stopped is fine.
   */
  void stop(String id) {
    try {
      post("/containers/" + encode(id) + "/stop", null);
    } catch (NotModifiedException e) {
      // already stopped
    }
  }

  void start(String id) {
    try {
      client.startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // already running
    } catch (NotFoundException e) {
      throw Failures.permanent(
          ContainerFailures.CONTAINER_NOT_FOUND,
          "cannot start " + id + ": no such container on " + host);
    }
  }

  void rename(String id, String name) {
    try {
      client.renameContainerCmd(id).withName(name).exec();
    } catch (ConflictException e) {
      throw Failures.permanent(
          ContainerFailures.CONTAINER_CONFLICT,
          "cannot rename " + id + " to " + name + ": " + e.getMessage());
    }
  }

  /** Force-removes; anonymous volumes are kept, so a container's data is never lost with it. */
  boolean remove(String id) {
    try {
      client.removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  JsonNode get(String path) {
    return send(Request.builder().method(Request.Method.GET).path(path).build());
  }

  JsonNode post(String path, JsonNode body) {
    Request.Builder request = Request.builder().method(Request.Method.POST).path(path);
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
      request.bodyBytes(body.toString().getBytes(StandardCharsets.UTF_8));
    }
    return send(request.build());
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  /** Error bodies are JSON from the engine, but a proxy in between may answer plain text. */
  private static JsonNode parseLeniently(byte[] body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json == null ? JSON.missingNode() : json;
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /** Answers the parsed body, or throws docker-java's exception for the status, as it would. */
  private JsonNode send(Request request) {
    try (DockerHttpClient.Response response = http.execute(request)) {
      byte[] body = response.getBody().readAllBytes();
      int status = response.getStatusCode();
      if (status < 300) {
        return body.length == 0 ? JSON.missingNode() : JSON.readTree(body);
      }
      JsonNode json = parseLeniently(body);
      String message =
          json.path("message").asText(new String(body, StandardCharsets.UTF_8)).strip();
      switch (status) {
        case 304:
          throw new NotModifiedException(message);
        case 400:
          throw new BadRequestException(message);
        case 404:
          throw new NotFoundException(message);
        case 409:
          throw new ConflictException(message);
        default:
          throw status >= 500
              ? new InternalServerErrorException(message)
              : new DockerException(message, status);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.path(), e);
    }
  }
}
