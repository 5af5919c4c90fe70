package dev.rewind.workflows.legacy;

/**
 * The container a {@code container-revert} acts on: the catalog host it lives on, the Docker
 * endpoint that serves it, its name, the image repository it runs (the tag is the version), and
 * whether a missing image may be pulled.
 */
public record ContainerTarget(
    String host, String dockerHost, String name, String image, boolean pull) {

  /** The image reference of {@code version}, e.g. {@code billing-web:v1.5.2}. */
  public String imageRef(String version) {
    return image + ":" + version;
  }
}
