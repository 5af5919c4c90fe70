package dev.rewind.workflows.flags;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A feature flag's value: a boolean, or one of the strings the catalog declares for the service's
 * flags. Kept in JSON as the bare value ({@code false}, {@code "blue"}), as requests send it.
 */
public record FlagValue(Boolean bool, String text) {

  public FlagValue {
    if ((bool == null) == (text == null)) {
      throw new IllegalArgumentException("a flag value is a boolean or a string");
    }
  }

  public static FlagValue of(boolean value) {
    return new FlagValue(value, null);
  }

  public static FlagValue of(String value) {
    return new FlagValue(null, value);
  }

  /** A boolean or a string from JSON; anything else is refused. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static FlagValue fromJson(Object value) {
    if (value instanceof Boolean b) {
      return of(b);
    }
    if (value instanceof String s) {
      return of(s);
    }
    throw new IllegalArgumentException("a flag value is a boolean or a string");
  }

  @JsonValue
  public Object json() {
    return bool != null ? bool : text;
  }

  public boolean isBoolean() {
    return bool != null;
  }

  @Override
  public String toString() {
    return bool != null ? bool.toString() : "\"" + text + "\"";
  }
}
