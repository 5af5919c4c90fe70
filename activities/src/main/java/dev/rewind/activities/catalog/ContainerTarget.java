package dev.rewind.activities.catalog;

/**
 * The container of a service as the worker's catalog describes it: the host it lives on, the Docker
 * endpoint that serves it, its name, the image repository it runs (the tag is the version) and
 * whether a missing image may be pulled.
 */
public record ContainerTarget(
    String host, String dockerHost, String name, String image, boolean pull) {

  /** The image reference of a validated {@code tag}, e.g. {@code billing-web:v1.5.2}. */
  public String imageRef(String tag) {
    return image + ":" + tag;
  }
}
