package dev.rewind.activities.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the placeholders of a catalog argv: {@code {host}} with the catalog host's own name, and
 * {@code {version}}, {@code {gitSha}}, {@code {targetMigration}} with values from the plan, each
 * validated here. Only the placeholders the catalog's argv declares are filled; other values the
 * plan carries are ignored. An argument made of a value alone never starts with '-', so no value
 * can become an option of the command.
 */
final class CommandArguments {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  private CommandArguments() {}

  static List<String> fill(
      String command, List<String> argv, String host, Map<String, String> values) {
    List<String> filled = new ArrayList<>(argv.size());
    for (String argument : argv) {
      Matcher placeholder = PLACEHOLDER.matcher(argument);
      StringBuilder out = new StringBuilder();
      while (placeholder.find()) {
        String name = placeholder.group(1);
        placeholder.appendReplacement(
            out, Matcher.quoteReplacement(value(command, name, host, values)));
      }
      placeholder.appendTail(out);
      String result = out.toString();
      if (argument.startsWith("{") && result.startsWith("-")) {
        throw PlanValues.invalid(
            "argument of " + command, result, "a value that does not start with '-'");
      }
      filled.add(result);
    }
    return List.copyOf(filled);
  }

  private static String value(
      String command, String name, String host, Map<String, String> values) {
    if (name.equals("host")) {
      return host;
    }
    String value = values == null ? null : values.get(name);
    if (value == null) {
      throw PlanValues.invalid(
          "{" + name + "} of " + command,
          null,
          "given by the plan: the catalog's command declares it");
    }
    return switch (name) {
      case "gitSha" -> PlanValues.gitSha(value);
      case "version" -> PlanValues.name("version", value);
      case "targetMigration" -> PlanValues.name("target migration", value);
      default ->
          throw PlanValues.invalid(
              "placeholder of " + command, "{" + name + "}", "one the worker knows");
    };
  }
}
