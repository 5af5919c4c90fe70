package dev.rewind.api.ops;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.validation.constraints.NotBlank;
import java.util.Arrays;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.stereotype.Component;

/**
 * Marks the properties {@code @NotBlank} guards ({@link #NOT_BLANK}), for {@link ContractSchemas}
 * to say in the schema what it refuses: a value of whitespace only ({@link String#isBlank()}:
 * Java's whitespace, not the regex engines' {@code \s}). springdoc applies the other constraints
 * after this customizer, so the pattern itself is written once the document is complete.
 */
@Component
class ValidationSchemas implements PropertyCustomizer {
  static final String NOT_BLANK = "x-rewind-not-blank";

  /** One character that {@link Character#isWhitespace} does not call whitespace. */
  static final String NOT_WHITESPACE =
      "[^\\t-\\r\\x1C-\\x20\\u1680\\u2000-\\u2006\\u2008-\\u200A\\u2028\\u2029\\u205F\\u3000]";

  @Override
  public Schema customize(Schema property, AnnotatedType type) {
    if (property != null
        && type.getCtxAnnotations() != null
        && Arrays.stream(type.getCtxAnnotations()).anyMatch(NotBlank.class::isInstance)) {
      property.addExtension(NOT_BLANK, true);
    }
    return property;
  }

  /** The marked property's length and pattern: at least one character that is not whitespace. */
  static void notBlank(Schema<?> property) {
    if (property.getExtensions() == null || property.getExtensions().remove(NOT_BLANK) == null) {
      return;
    }
    if (property.getExtensions().isEmpty()) {
      property.setExtensions(null);
    }
    if (property.getEnum() != null) {
      return;
    }
    property.setMinLength(
        Math.max(1, property.getMinLength() == null ? 0 : property.getMinLength()));
    String pattern = property.getPattern();
    property.setPattern(
        pattern == null
            ? "[\\s\\S]*" + NOT_WHITESPACE + "[\\s\\S]*"
            : "(?=[\\s\\S]*" + NOT_WHITESPACE + ")(?:" + pattern + ")");
  }
}
