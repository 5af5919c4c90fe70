package dev.rewind.worker;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The worker's settings, read from the environment: which Temporal to poll, which roles to play
 * ({@code control}, {@code agent}), for the agent role the catalog host it runs on, and the catalog
 * it resolves every target from ({@code REWIND_CATALOG}, required: a worker that guessed a catalog
 * could act on another one than the api plans with).
 */
record WorkerConfig(
    String temporalAddress, String namespace, Set<String> roles, String host, Path catalog) {
  private static final Set<String> KNOWN_ROLES = Set.of("control", "agent");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  static WorkerConfig fromEnvironment(Map<String, String> env) {
    Set<String> roles = new LinkedHashSet<>();
    for (String role : env.getOrDefault("REWIND_ROLES", "control,agent").split(",")) {
      if (!role.isBlank()) {
        roles.add(role.trim());
      }
    }
    WorkerConfig config =
        new WorkerConfig(
            env.getOrDefault("REWIND_TEMPORAL_ADDRESS", "127.0.0.1:7233"),
            env.getOrDefault("REWIND_NAMESPACE", "default"),
            roles,
            env.getOrDefault("REWIND_HOST", "local"),
            catalog(env.get("REWIND_CATALOG")));
    config.validate();
    return config;
  }

  private static Path catalog(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException(
          "REWIND_CATALOG is not set: it must name the catalog file (rewind.yml) this worker"
              + " resolves services, hosts and commands from, the same file the api reads");
    }
    return Path.of(path);
  }

  private void validate() {
    if (roles.isEmpty() || !KNOWN_ROLES.containsAll(roles)) {
      throw new IllegalArgumentException(
          "REWIND_ROLES: expected a comma-separated subset of "
              + Arrays.toString(KNOWN_ROLES.stream().sorted().toArray())
              + ", got "
              + roles);
    }
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException(
          "REWIND_HOST: '" + host + "' is not a host name (letters, digits, '.', '_', '-')");
    }
    if (temporalAddress.isBlank() || !temporalAddress.contains(":")) {
      throw new IllegalArgumentException(
          "REWIND_TEMPORAL_ADDRESS: expected host:port, got '" + temporalAddress + "'");
    }
  }

  boolean plays(String role) {
    return roles.contains(role);
  }
}
