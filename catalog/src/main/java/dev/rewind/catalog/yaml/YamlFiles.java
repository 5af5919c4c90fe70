package dev.rewind.catalog.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an operator-written YAML file into a {@link YamlNode} tree, strictly. */
public final class YamlFiles {
  // A repeated key would silently win over the first: refuse it instead.
  private static final YAMLMapper MAPPER =
      new YAMLMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private YamlFiles() {}

  /**
   * Parses {@code file}; {@code what} names the file in messages ("catalog", "tokens file").
   *
   * @throws InvalidYamlException when the file is missing, unreadable, not YAML or empty
   */
  public static YamlNode read(String what, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidYamlException(what, file, "", "no such file");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new InvalidYamlException(
          what, file, "", "not valid YAML" + where + ": " + oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new InvalidYamlException(what, file, "", "cannot be read: " + e.getMessage());
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new InvalidYamlException(what, file, "", "the file is empty");
    }
    return new YamlNode(what, file, "", tree);
  }

  // The YAML parser's messages quote the source over several indented lines; keep the sentences.
  private static String oneLine(String message) {
    return String.join(
        "; ", message.lines().filter(l -> !l.isBlank() && !l.startsWith(" ")).toList());
  }
}
