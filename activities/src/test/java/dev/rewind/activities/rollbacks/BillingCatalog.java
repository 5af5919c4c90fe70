package dev.rewind.activities.rollbacks;

import dev.rewind.activities.database.TargetPostgres;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The catalog of the {@code billing} service the database rollback tests undo, in {@code
 * production}: the app on {@code appHost} (maintenance and RUNNING marker files under {@code
 * work/app}), its database (the test's {@link TargetPostgres}) on {@code dbHost} with snapshots in
 * {@code snapshots} and the pipeline's backups in {@code work}, a DBA's and a manager's approval.
 */
public final class BillingCatalog {
  private BillingCatalog() {}

  /** The YAML, with {@code databaseKeys} ({@code key: value} lines) added to its database. */
  public static String yaml(
      TargetPostgres pg,
      String appHost,
      String dbHost,
      Path work,
      Path snapshots,
      String healthUrl,
      String... databaseKeys) {
    String app = work.resolve("app").toString();
    StringBuilder hosts = new StringBuilder();
    for (String host : new LinkedHashSet<>(List.of(appHost, dbHost))) {
      hosts.append("  ").append(host).append(": { transport: agent }\n");
    }
    StringBuilder extra = new StringBuilder();
    for (String key : databaseKeys) {
      extra.append("        ").append(key).append('\n');
    }
    return "hosts:\n"
        + hosts
        + """
        services:
          billing:
            production:
              hosts: [%s]
              health: { url: "%s", timeout: 30s }
              maintenance: { on: [touch, %s/MAINTENANCE], off: [rm, -f, %3$s/MAINTENANCE] }
              code: { gitDir: %3$s, stop: [rm, -f, %3$s/RUNNING], start: [touch, %3$s/RUNNING] }
              approvals: { required: [dba, manager] }
              database:
                host: %s
                snapshotDir: %s
                backupDir: %s
                verify: ["SELECT count(*) > 0 FROM journal"]
        """
            .formatted(appHost, healthUrl, app, dbHost, snapshots, work)
        + pg.catalogConnection("        ")
        + extra;
  }
}
