package dev.rewind.catalog;

import java.util.List;

/**
 * Where a service's feature flags live ({@code flags} in an environment): an Unleash server's Admin
 * API, a table of the service's database, or a JSON API. Tokens and passwords are named by an
 * environment variable of the worker, never written here. {@code values()} are the strings a flag
 * may be set to besides {@code true} and {@code false} (none for Unleash, whose flags are on or
 * off).
 */
public sealed interface FlagProvider {

  /** The provider's id in the catalog and in messages. */
  String id();

  List<String> values();

  /**
   * {@code provider: unleash}: flags of {@code project}, switched in {@code environment}, with the
   * admin token from the worker's variable {@code tokenEnv}.
   */
  record Unleash(String url, String project, String environment, String tokenEnv)
      implements FlagProvider {
    @Override
    public String id() {
      return "unleash";
    }

    @Override
    public List<String> values() {
      return List.of();
    }
  }

  /**
   * {@code provider: sql}: one row per flag in the service's database (the catalog's {@code
   * database} login); {@code read} selects a flag's value by {@code :name}, {@code write} updates
   * exactly one row with {@code :value} and {@code :name}.
   */
  record Sql(String read, String write, List<String> values) implements FlagProvider {
    @Override
    public String id() {
      return "sql";
    }
  }

  /**
   * {@code provider: http}: a JSON API. {@code get} and {@code set} are URL templates holding
   * {@code {name}}; the set request uses {@code method} with a JSON body holding the value at
   * {@code pointer}, where the get answer holds it too. {@code tokenEnv} (optional) names the
   * variable whose value is sent as a bearer token.
   */
  record Http(
      String get, String set, String method, String pointer, String tokenEnv, List<String> values)
      implements FlagProvider {
    @Override
    public String id() {
      return "http";
    }
  }
}
