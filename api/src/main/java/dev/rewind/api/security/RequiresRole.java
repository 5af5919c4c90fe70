package dev.rewind.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that only tokens with {@link #value()} may call. Handlers without it
 * accept any valid token; nothing under {@code /api} accepts a request without one.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresRole {
  Role value();
}
