package dev.rewind.api.security;

import java.util.Set;

/**
 * Who made the request, as established from their bearer token. Controllers receive it as the
 * request attribute {@link #ATTRIBUTE}; its identity is recorded as {@code requestedBy}.
 */
public record Caller(String identity, Set<Role> roles) {
  public static final String ATTRIBUTE = "dev.rewind.api.caller";

  public Caller {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }
}
