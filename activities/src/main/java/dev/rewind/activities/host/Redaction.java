package dev.rewind.activities.host;

import dev.rewind.catalog.Catalog;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of command output before it becomes a step's detail (kept in workflow history)
 * or a log line: the values of the worker's environment variables that the catalog names as secrets
 * ({@code passwordEnv}, the variables {@code env} gives commands), and whatever looks like {@code
 * password=…} or {@code Bearer …}.
 */
public final class Redaction {
  public static final Redaction NONE = new Redaction(List.of());
  static final String HIDDEN = "[redacted]";

  /** Shorter values would blank out ordinary words; no real secret is that short. */
  private static final int SHORTEST_SECRET = 4;

  private static final Pattern PASSWORD =
      Pattern.compile("(?i)(passw(?:or)?d\\s*[=:]\\s*)[^\\s&;,'\"]+");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");

  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    this.secrets = secrets;
  }

  /** The values, in {@code environment}, of every secret variable the catalog names. */
  public static Redaction of(Catalog catalog, Map<String, String> environment) {
    TreeSet<String> names = new TreeSet<>();
    catalog
        .services()
        .values()
        .forEach(
            service ->
                service
                    .environments()
                    .values()
                    .forEach(
                        env -> {
                          if (env.database() != null) {
                            names.add(env.database().passwordEnv());
                          }
                          names.addAll(env.env().names());
                        }));
    return secrets(names.stream().map(environment::get).filter(Objects::nonNull).toList());
  }

  public static Redaction secrets(Collection<String> values) {
    return new Redaction(
        values.stream()
            .filter(v -> v.length() >= SHORTEST_SECRET)
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList());
  }

  /** This redaction and {@code values} too (e.g. a container's own secrets). */
  public Redaction and(Collection<String> values) {
    List<String> all = new java.util.ArrayList<>(secrets);
    all.addAll(values);
    return secrets(all);
  }

  public String apply(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, HIDDEN);
    }
    out = PASSWORD.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(HIDDEN));
    return BEARER.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(HIDDEN));
  }
}
