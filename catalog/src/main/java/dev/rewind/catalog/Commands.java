package dev.rewind.catalog;

import dev.rewind.catalog.yaml.YamlNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog's rules for what Rewind will execute: commands are argv lists (never shell strings)
 * and files are absolute paths, so nothing depends on a shell or on the worker's directory.
 */
final class Commands {
  // Request values reach commands only through these, after the API has validated them;
  // {host} is the catalog's own host name, filled per host by the workflow.
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
  private static final Set<String> PLACEHOLDERS =
      Set.of("version", "gitSha", "targetMigration", "host");

  private Commands() {}

  /** A command: a non-empty argv list whose placeholders are only those Rewind fills in. */
  static List<String> argv(YamlNode node) {
    List<YamlNode> items = node.items();
    if (items.isEmpty()) {
      throw node.problem("must be a non-empty command, e.g. [systemctl, restart, billing]");
    }
    for (YamlNode item : items) {
      Matcher placeholder = PLACEHOLDER.matcher(item.text());
      while (placeholder.find()) {
        if (!PLACEHOLDERS.contains(placeholder.group(1))) {
          throw item.problem(
              "unknown placeholder {"
                  + placeholder.group(1)
                  + "} (known: {version}, {gitSha},"
                  + " {targetMigration}, {host})");
        }
      }
    }
    return node.strings();
  }

  static String absolutePath(YamlNode node) {
    String path = node.text();
    if (!path.startsWith("/")) {
      throw node.problem("must be an absolute path, not \"" + path + "\"");
    }
    return path;
  }
}
