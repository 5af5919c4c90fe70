package dev.rewind.catalog;

import dev.rewind.catalog.ServiceEnvironment.Container;
import dev.rewind.catalog.yaml.YamlNode;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code container} section: the container a {@code container-revert} replaces. */
final class ContainerReader {
  // Docker's own rule for container names.
  private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  // A repository such as "billing-web" or "registry.local:5000/team/billing-web", without tag.
  private static final Pattern REPOSITORY =
      Pattern.compile("([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._/-][a-z0-9]+)*");

  private ContainerReader() {}

  static Container container(YamlNode node) {
    node.object(Set.of("name", "image", "dockerHost", "pull"));
    YamlNode name = node.required("name");
    if (!CONTAINER_NAME.matcher(name.text()).matches()) {
      throw name.problem("is not a valid container name: \"" + name.text() + "\"");
    }
    YamlNode image = node.required("image");
    if (!REPOSITORY.matcher(image.text()).matches()) {
      throw image.problem(
          "must be an image repository without tag or digest (the version is the tag), not \""
              + image.text()
              + "\"");
    }
    YamlNode dockerHost = node.required("dockerHost");
    String endpoint = dockerHost.text();
    if (!endpoint.startsWith("unix:///") && !endpoint.startsWith("tcp://")) {
      throw dockerHost.problem(
          "must be a unix:///path or tcp://host:port Docker endpoint, not \"" + endpoint + "\"");
    }
    return new Container(
        name.text(),
        image.text(),
        endpoint,
        node.optional("pull").map(YamlNode::bool).orElse(false));
  }
}
