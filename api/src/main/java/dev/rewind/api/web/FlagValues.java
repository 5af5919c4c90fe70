package dev.rewind.api.web;

import dev.rewind.catalog.FlagProvider;
import dev.rewind.workflows.flags.FlagValue;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code flags} of a rollback or deployment request ({@code {"new-checkout": false}}), checked
 * against the catalog's {@code flags} section: names {@link #NAME}, values booleans or one of the
 * strings the catalog declares (an Unleash flag is only on or off). The same rules hold for flags
 * the registry recorded, checked again when a plan takes them.
 */
public final class FlagValues {
  public static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
  public static final String NAME_MESSAGE =
      "is not a flag name: 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or"
          + " digit";

  /** A string value's shape; the catalog names which of them a service's flags accept. */
  public static final String VALUE = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  public static final int MAX_FLAGS = 64;

  private static final Pattern NAME_PATTERN = Pattern.compile(NAME);

  private FlagValues() {}

  /**
   * {@code flags} as plan values, ordered by name, or null after adding a problem (field {@code
   * field.<name>}) for each name or value {@code provider} does not accept. {@code source} says
   * where they came from, for messages about recorded ones.
   */
  public static Map<String, FlagValue> read(
      String field,
      Map<String, ?> flags,
      FlagProvider provider,
      String source,
      List<FieldProblem> problems) {
    int before = problems.size();
    if (flags.isEmpty() || flags.size() > MAX_FLAGS) {
      problems.add(new FieldProblem(field, "must name 1 to " + MAX_FLAGS + " flags" + source));
      return null;
    }
    Map<String, FlagValue> values = new TreeMap<>();
    flags.forEach(
        (name, value) -> {
          if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            problems.add(new FieldProblem(field, "\"" + name + "\" " + NAME_MESSAGE + source));
            return;
          }
          String problem = problem(value, provider);
          if (problem != null) {
            problems.add(new FieldProblem(field + "." + name, problem + source));
            return;
          }
          values.put(name, FlagValue.fromJson(value));
        });
    return problems.size() == before ? values : null;
  }

  private static String problem(Object value, FlagProvider provider) {
    if (value instanceof Boolean) {
      return null;
    }
    List<String> allowed = provider == null ? List.of() : provider.values();
    if (value instanceof String text && allowed.contains(text)) {
      return null;
    }
    String shown = value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    if (allowed.isEmpty()) {
      return "must be true or false, not " + shown;
    }
    return "must be true, false or one of " + String.join(", ", allowed) + ", not " + shown;
  }
}
