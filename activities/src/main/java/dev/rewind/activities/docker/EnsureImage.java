package dev.rewind.activities.docker;

import com.github.dockerjava.api.command.PullImageResultCallback;
import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.ContainerTarget;
import dev.rewind.workflows.container.ContainerFailures;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the image a container is reverted to is on its host before anything is stopped. A
 * missing image is pulled only where the catalog allows it; a registry that does not know the image
 * is a permanent failure, one that cannot be reached is retried.
 */
final class EnsureImage {
  private static final Logger log = LoggerFactory.getLogger(EnsureImage.class);

  /** How registries say the image does not exist (as opposed to "cannot be reached"). */
  private static final Pattern UNKNOWN_IMAGE =
      Pattern.compile(
          "not found|manifest unknown|pull access denied|repository does not exist"
              + "|no such image|name unknown",
          Pattern.CASE_INSENSITIVE);

  private final DockerEngine docker;
  private final ContainerTarget target;

  EnsureImage(DockerEngine docker, ContainerTarget target) {
    this.docker = docker;
    this.target = target;
  }

  void ensure(String imageRef) {
    if (docker.hasImage(imageRef)) {
      log.info("image {} is present on {}", imageRef, docker.host());
      return;
    }
    if (!target.pull()) {
      throw Failures.permanent(
          ContainerFailures.IMAGE_NOT_FOUND,
          "image %s is not on %s and the catalog does not allow pulling it for %s"
              .formatted(imageRef, docker.host(), target.name()));
    }
    pull(imageRef);
  }

  private void pull(String imageRef) {
    log.info("pulling {} on {}", imageRef, docker.host());
    try {
      // Without a tag Docker would pull every tag of the repository.
      Pull pull = docker.client().pullImageCmd(withTag(imageRef)).exec(new Pull());
      pull.awaitCompletion(10, TimeUnit.MINUTES);
      pull.throwError();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      if (UNKNOWN_IMAGE.matcher(message).find()) {
        throw ApplicationFailure.newNonRetryableFailureWithCause(
            "image " + imageRef + " cannot be pulled: " + message,
            ContainerFailures.IMAGE_NOT_FOUND,
            e);
      }
      throw e; // registry unreachable, engine busy: retryable, classified by the caller
    }
    if (!docker.hasImage(imageRef)) {
      throw ApplicationFailure.newFailure(
          "pulled " + imageRef + " but it is not on " + docker.host(),
          DockerFailures.DOCKER_UNAVAILABLE);
    }
  }

  /** Keeps the pull's error for the caller to classify, instead of docker-java logging it. */
  private static final class Pull extends PullImageResultCallback {
    private volatile Throwable error;

    @Override
    public void onError(Throwable throwable) {
      error = throwable;
      try {
        close();
      } catch (IOException e) {
        // the stream is being torn down anyway
      }
    }

    void throwError() {
      if (error instanceof RuntimeException e) {
        throw e;
      } else if (error != null) {
        throw new IllegalStateException(error);
      }
    }
  }

  static String withTag(String imageRef) {
    String lastSegment = imageRef.substring(imageRef.lastIndexOf('/') + 1);
    return lastSegment.contains(":") || lastSegment.contains("@") ? imageRef : imageRef + ":latest";
  }
}
