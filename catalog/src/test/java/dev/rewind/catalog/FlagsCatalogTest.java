package dev.rewind.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.catalog.yaml.InvalidYamlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code flags} section: each provider read with its defaults, and each mistake refused naming
 * its key path, before the api or a worker starts.
 */
class FlagsCatalogTest {
  private static final String DATABASE =
      "database: { url: \"jdbc:postgresql://127.0.0.1:5432/shop\", user: shop,"
          + " passwordEnv: SHOP_DB_PASSWORD, snapshotDir: /var/backups/shop }";

  @TempDir Path dir;

  private ServiceEnvironment read(String... lines) throws Exception {
    Path file = dir.resolve("rewind.yml");
    Files.writeString(file, yaml(lines));
    return CatalogReader.read(file).environment("shop", "prod").orElseThrow();
  }

  private static String yaml(String... lines) {
    StringBuilder env = new StringBuilder();
    for (String line : lines) {
      env.append("      ").append(line).append('\n');
    }
    return "hosts:\n  local: { transport: agent }\nservices:\n  shop:\n    prod:\n"
        + "      hosts: [local]\n"
        + env;
  }

  @Test
  void unleashTakesItsUrlProjectEnvironmentAndTokenVariable() throws Exception {
    ServiceEnvironment env =
        read(
            "flags: { provider: unleash, url: \"http://127.0.0.1:4242/\", environment: production,"
                + " tokenEnv: UNLEASH_ADMIN_TOKEN }");

    assertThat(env.flags())
        .isEqualTo(
            new FlagProvider.Unleash(
                "http://127.0.0.1:4242", "default", "production", "UNLEASH_ADMIN_TOKEN"));
  }

  @Test
  void sqlTakesItsStatementsAndValuesAndUsesTheDatabaseLogin() throws Exception {
    ServiceEnvironment env =
        read(
            DATABASE,
            "flags: { provider: sql, read: \"SELECT enabled FROM feature_flags WHERE name ="
                + " :name\", write: \"UPDATE feature_flags SET enabled = :value::boolean WHERE"
                + " name = :name;\", values: [on-sale] }");

    assertThat(env.flags())
        .isEqualTo(
            new FlagProvider.Sql(
                "SELECT enabled FROM feature_flags WHERE name = :name",
                "UPDATE feature_flags SET enabled = :value::boolean WHERE name = :name",
                List.of("on-sale")));
  }

  @Test
  void httpTakesItsTemplatesWithPutAsTheDefaultMethod() throws Exception {
    ServiceEnvironment env =
        read(
            "flags: { provider: http, get: \"http://127.0.0.1:9000/flags/{name}\","
                + " set: \"http://127.0.0.1:9000/flags/{name}/state\", pointer: /state/enabled }");

    assertThat(env.flags())
        .isEqualTo(
            new FlagProvider.Http(
                "http://127.0.0.1:9000/flags/{name}",
                "http://127.0.0.1:9000/flags/{name}/state",
                "PUT",
                "/state/enabled",
                null,
                List.of()));
  }

  static Stream<Arguments> badFlags() {
    String key = "services.shop.prod.flags";
    return Stream.of(
        bad("an unknown provider", "{ provider: launchdarkly }", key + ".provider", "unleash, sql"),
        bad(
            "unleash without a token variable",
            "{ provider: unleash, url: \"http://u:4242\", environment: production }",
            key + ".tokenEnv",
            "is required"),
        bad(
            "a token written instead of named",
            "{ provider: unleash, url: \"http://u:4242\", environment: production,"
                + " tokenEnv: \"*:*.abc\" }",
            key + ".tokenEnv",
            "must name an environment variable"),
        bad(
            "sql without a database section",
            "{ provider: sql, read: \"SELECT 1 WHERE :name = ''\","
                + " write: \"UPDATE f SET v = :value WHERE n = :name\" }",
            key,
            "needs a database section"),
        bad(
            "a string value that could be an option",
            "{ provider: http, get: \"http://h/{name}\", set: \"http://h/{name}\", pointer: /v,"
                + " values: [\"-rf\"] }",
            key + ".values[0]",
            "must be 1 to 128"),
        bad(
            "a template without {name}",
            "{ provider: http, get: \"http://h/flags\", set: \"http://h/{name}\", pointer: /v }",
            key + ".get",
            "holding {name} once"),
        bad(
            "a pointer that is not one",
            "{ provider: http, get: \"http://h/{name}\", set: \"http://h/{name}\", pointer: v }",
            key + ".pointer",
            "JSON pointer"),
        bad(
            "a method that does not set",
            "{ provider: http, get: \"http://h/{name}\", set: \"http://h/{name}\", pointer: /v,"
                + " method: DELETE }",
            key + ".method",
            "PUT, POST or PATCH"));
  }

  static Stream<Arguments> badSql() {
    String key = "services.shop.prod.flags";
    return Stream.of(
        bad(
            "a question mark",
            "{ provider: sql, read: \"SELECT enabled FROM f WHERE name = ?\","
                + " write: \"UPDATE f SET enabled = :value WHERE name = :name\" }",
            key + ".read",
            "named parameters only"),
        bad(
            "two statements",
            "{ provider: sql, read: \"SELECT enabled FROM f WHERE name = :name; DROP TABLE f\","
                + " write: \"UPDATE f SET enabled = :value WHERE name = :name\" }",
            key + ".read",
            "one statement"),
        bad(
            "a write without :value",
            "{ provider: sql, read: \"SELECT enabled FROM f WHERE name = :name\","
                + " write: \"UPDATE f SET enabled = true WHERE name = :name\" }",
            key + ".write",
            "must use the parameters :name, :value"),
        bad(
            "an unknown parameter",
            "{ provider: sql, read: \"SELECT enabled FROM f WHERE name = :flag\","
                + " write: \"UPDATE f SET enabled = :value WHERE name = :name\" }",
            key + ".read",
            "unknown parameter :flag"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFlags")
  void isRefusedNamingItsKey(String what, String flags, String keyPath, String problem)
      throws Exception {
    refused(what, yaml("flags: " + flags), keyPath, problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSql")
  void badSqlIsRefusedNamingItsKey(String what, String flags, String keyPath, String problem)
      throws Exception {
    refused(what, yaml(DATABASE, "flags: " + flags), keyPath, problem);
  }

  private void refused(String what, String yaml, String keyPath, String problem) throws Exception {
    Path file = dir.resolve("rewind.yml");
    Files.writeString(file, yaml);

    InvalidYamlException e =
        catchThrowableOfType(InvalidYamlException.class, () -> CatalogReader.read(file));

    assertThat(e).as(what).isNotNull();
    assertThat(e.keyPath()).as(what).isEqualTo(keyPath);
    assertThat(e.problem()).as(what).contains(problem);
  }

  private static Arguments bad(String what, String flags, String keyPath, String problem) {
    return Arguments.of(what, flags, keyPath, problem);
  }
}
