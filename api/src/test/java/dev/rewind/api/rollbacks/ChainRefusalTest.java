package dev.rewind.api.rollbacks;

import static org.mockito.BDDMockito.given;

import dev.rewind.api.deployments.DeploymentRegistry;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Chains that make no sense, and values that would become a command option or leave the backup
 * directory, are refused with a 400 naming the field, before anything is started or recorded.
 */
@RollbacksWebTest
@TestPropertySource(properties = "rewind.catalog=src/test/resources/catalogs/chains.yml")
class ChainRefusalTest {
  @Autowired MockMvc mvc;
  @Autowired RollbackIntake intake;
  @Autowired DeploymentRegistry registry;

  @BeforeEach
  void registry() {
    given(registry.current("billing", "prod"))
        .willReturn(Optional.of(PlanRequests.deployment(7, "v2", null, null, null)));
  }

  /** A billing prod request (target v1) with {@code extra} JSON fields. */
  private static String billing(String extra) {
    return "{\"service\": \"billing\", \"environment\": \"prod\", \"targetVersion\": \"v1\","
        + " \"reason\": \"broken\", "
        + extra
        + "}";
  }

  private static String on(String service, String environment, String extra) {
    return billing(extra)
        .replace("\"billing\"", "\"" + service + "\"")
        .replace("\"prod\"", "\"" + environment + "\"");
  }

  static Stream<Arguments> refused() {
    String available =
        "(available: container-revert, code-revert, migration-rollback, backup-restore, config-restore, feature-flag)";
    return Stream.of(
        Arguments.of(
            billing("\"strategy\": \"code-revert\", \"strategies\": [\"code-revert\"]"),
            "strategies",
            "not both"),
        Arguments.of(billing("\"gitSha\": \"abc1234\""), "strategy", "missing: send strategy"),
        Arguments.of(billing("\"strategies\": []"), "strategies", "at least one strategy"),
        Arguments.of(
            billing("\"strategies\": [\"code-revert\", \"code-revert\"], \"gitSha\": \"abc1234\""),
            "strategies",
            "names code-revert twice"),
        Arguments.of(
            billing("\"strategies\": [\"backup-restroe\"]"),
            "strategies",
            "unknown strategy \"backup-restroe\" " + available),
        Arguments.of(
            billing("\"strategy\": \"rm-rf\""),
            "strategy",
            "unknown strategy \"rm-rf\" " + available),
        Arguments.of(
            billing("\"strategy\": \"feature-flag\""),
            "strategy",
            "feature-flag needs a flags section in services.billing"),
        Arguments.of(
            billing(
                "\"strategies\": [\"migration-rollback\", \"backup-restore\"],"
                    + " \"targetMigration\": \"0002\", \"backup\": \"/var/backups/billing/a.dump\""),
            "strategies",
            "a chain holds one of them"),
        Arguments.of(
            on("web", "prod", "\"strategies\": [\"container-revert\", \"backup-restore\"]"),
            "strategies",
            "backup-restore needs a database section in services.web.prod"),
        Arguments.of(
            on("web", "prod", "\"strategy\": \"migration-rollback\", \"targetMigration\": \"x\""),
            "strategy",
            "migration-rollback needs a database section"),
        Arguments.of(
            on("web", "prod", "\"strategy\": \"code-revert\", \"gitSha\": \"abc1234\""),
            "strategy",
            "code-revert needs a code section in services.web.prod"),
        Arguments.of(
            on("billing", "staging", "\"strategy\": \"container-revert\""),
            "strategy",
            "container-revert needs a container section in services.billing.staging"),
        Arguments.of(
            on(
                "accounts",
                "prod",
                "\"strategy\": \"migration-rollback\", \"targetMigration\": \"x\""),
            "strategy",
            "migration-rollback needs database.migrateDown"),
        Arguments.of(
            on("accounts", "prod", "\"strategy\": \"backup-restore\""),
            "strategy",
            "backup-restore needs database.backupDir"),
        Arguments.of(
            on("accounts", "prod", "\"strategy\": \"code-revert\", \"gitSha\": \"abc1234\""),
            "strategy",
            "the catalog's code.reinstall uses {targetMigration}, which only migration-rollback"
                + " gives"),
        Arguments.of(
            billing("\"strategy\": \"migration-rollback\""), "targetMigration", "is required"),
        Arguments.of(billing("\"strategy\": \"backup-restore\""), "backup", "is required"),
        Arguments.of(
            billing("\"strategy\": \"backup-restore\", \"backup\": \"/srv/other/x.dump\""),
            "backup",
            "is not under the catalog's database.backupDir /var/backups/billing"),
        Arguments.of(
            billing(
                "\"strategy\": \"backup-restore\", \"backup\": \"/var/backups/billing-old/x.dump\""),
            "backup",
            "is not under the catalog's database.backupDir"),
        Arguments.of(
            billing(
                "\"strategy\": \"backup-restore\", \"backup\": \"/var/backups/billing/../x.dump\""),
            "backup",
            "without \"..\""),
        Arguments.of(
            billing(
                "\"strategy\": \"backup-restore\", \"backup\": \"/var/backups/billing/x\\n.dump\""),
            "backup",
            "must be an absolute path"),
        Arguments.of(
            on(
                "billing",
                "staging",
                "\"strategy\": \"code-revert\", \"gitSha\": \"abc1234\","
                    + " \"monitorMinutes\": 30"),
            "monitorMinutes",
            "needs a health section in services.billing.staging"),
        Arguments.of(
            billing("\"strategy\": \"container-revert\", \"monitorMinutes\": 1441"),
            "monitorMinutes",
            "between 0 and 1440"),
        Arguments.of(
            billing("\"strategy\": \"container-revert\", \"gitSha\": \"abc1234\""),
            "gitSha",
            "is only for strategy code-revert"),
        Arguments.of(
            billing("\"strategy\": \"code-revert\", \"backup\": \"/var/backups/billing/a.dump\""),
            "backup",
            "is only for strategy backup-restore"),
        Arguments.of(
            billing("\"strategy\": \"container-revert\"").replace("\"v1\"", "\"-rf\""),
            "targetVersion",
            "starting with a letter, digit or '_'"),
        Arguments.of(
            billing("\"strategy\": \"container-revert\", \"currentVersion\": \"--force\""),
            "currentVersion",
            "starting with a letter, digit or '_'"),
        Arguments.of(
            billing("\"strategy\": \"migration-rollback\", \"targetMigration\": \"--fake\""),
            "targetMigration",
            "must be a migration name"),
        Arguments.of(
            billing("\"strategy\": \"code-revert\"").replace("\"v1\"", "\".hidden\""),
            "targetVersion",
            "starting with a letter, digit or '_'"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("refused")
  void isRefusedNamingTheFieldAndNothingStarts(String body, String field, String message)
      throws Exception {
    PlanRequests.refused(mvc, intake, body, field, message);
  }
}
