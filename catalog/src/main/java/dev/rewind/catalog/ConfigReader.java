package dev.rewind.catalog;

import dev.rewind.catalog.ServiceEnvironment.ConfigFiles;
import dev.rewind.catalog.yaml.YamlNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code config} section restored by {@code config-restore}. Paths become argv elements
 * and are joined under the backup set's directory, so each must be absolute and already normalised
 * (no {@code .}, {@code ..} or doubled slashes), and no file may lie inside {@code backupDir}.
 */
final class ConfigReader {
  private ConfigReader() {}

  static ConfigFiles config(YamlNode node) {
    node.object(Set.of("files", "backupDir", "validate", "reload", "restart"));
    String backupDir = normalised(node.required("backupDir"));
    YamlNode files = node.required("files");
    if (files.items().isEmpty()) {
      throw files.problem("must name at least one file");
    }
    Set<String> seen = new HashSet<>();
    for (YamlNode file : files.items()) {
      String path = normalised(file);
      if (!seen.add(path)) {
        throw file.problem("\"" + path + "\" is listed twice");
      }
      if (Path.of(path).startsWith(Path.of(backupDir))) {
        throw file.problem("must not lie inside backupDir " + backupDir);
      }
    }
    boolean restart = node.optional("restart").map(YamlNode::bool).orElse(false);
    List<String> reload = node.optional("reload").map(Commands::argv).orElse(null);
    if (restart && reload != null) {
      throw node.problem("declares reload and restart: true; choose one");
    }
    return new ConfigFiles(
        files.strings(),
        backupDir,
        node.optional("validate").map(Commands::argv).orElse(null),
        reload,
        restart);
  }

  private static String normalised(YamlNode node) {
    String path = Commands.absolutePath(node);
    if (path.length() > 1 && path.endsWith("/")
        || !Path.of(path).normalize().toString().equals(path)
        || path.chars().anyMatch(Character::isISOControl)) {
      throw node.problem(
          "must be a normalised absolute path (no ., .. or //), not \"" + path + "\"");
    }
    if (path.equals("/")) {
      throw node.problem("must not be the root directory");
    }
    return path;
  }
}
