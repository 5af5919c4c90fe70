package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewind.activities.database.TargetPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runbook 000's database for one service: a real PostgreSQL with accounts and a journal, the backup
 * the pipeline took just before deploying v2 (a custom-format dump and its {@code .sha256} under
 * {@link #backups}), v1 and v2 recorded in Rewind's registry with that backup on v2, then v2's
 * changes to the data. A test compares the database with the backup by the checksums of its tables.
 */
final class BackupBeforeV2 implements AutoCloseable {
  final TargetPostgres pg;
  final Path backups;
  final Path snapshots;

  /** The database with v1's data; backups and Rewind's snapshots go under {@code dir}. */
  BackupBeforeV2(Path dir) throws Exception {
    backups = Files.createDirectories(dir.resolve("backups"));
    snapshots = Files.createDirectories(dir.resolve("snapshots"));
    pg = new TargetPostgres();
    pg.sql(
        "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL)",
        "INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, 20000) g",
        "CREATE TABLE journal (id bigserial PRIMARY KEY, account_id bigint REFERENCES accounts,"
            + " amount numeric(12,2) NOT NULL)",
        "INSERT INTO journal (account_id, amount) SELECT 1 + g % 20000, g / 10.0"
            + " FROM generate_series(1, 50000) g");
  }

  Path backup() {
    return backups.resolve("before-v2.dump");
  }

  /**
   * The catalog's {@code database} section, its commands run by the worker of {@code host}; the
   * workers need {@link TargetPostgres#PASSWORD_ENV}.
   */
  String catalogSection(String host) {
    return """
        database: { url: "%s", user: billing, passwordEnv: %s, host: %s,
                    snapshotDir: "%s", backupDir: "%s",
                    verify: ["SELECT count(*) > 0 FROM accounts"] }"""
        .formatted(pg.url(), TargetPostgres.PASSWORD_ENV, host, snapshots, backups);
  }

  /**
   * The pipeline's record of {@code service} in environment e2e: v1 ({@code v1Sha}, known good),
   * the backup taken just before deploying v2, v2 ({@code v2Sha}) with that backup; after v2 the
   * data changed.
   */
  void deploy(RewindApi api, String service, String v1Sha, String v2Sha) throws Exception {
    Processes.run(pg.bindir + "/pg_dump", "-Fc", "-f", backup().toString(), pg.conninfo());
    Files.writeString(
        Path.of(backup() + ".sha256"),
        Processes.run("sha256sum", backup().toString()).split(" ")[0]
            + "  "
            + backup().getFileName()
            + "\n");
    record(api, service, "v1", v1Sha, "");
    record(api, service, "v2", v2Sha, ", \"backup\": \"" + backup() + "\"");
    pg.sql(
        "INSERT INTO accounts SELECT g, 'v2 account ' || g FROM generate_series(20001, 20500) g",
        "UPDATE journal SET amount = amount * 2 WHERE id % 7 = 0",
        "ALTER TABLE journal ADD COLUMN v2_note text");
  }

  private static void record(
      RewindApi api, String service, String version, String sha, String backup) throws Exception {
    HttpResponse<String> answer =
        api.post(
            "/api/v1/deployments",
            """
            {"service": "%s", "environment": "e2e", "version": "%s", "gitSha": "%s"%s}
            """
                .formatted(service, version, sha, backup));
    assertTrue(answer.statusCode() / 100 == 2, answer.statusCode() + " " + answer.body());
  }

  /**
   * From now on counts restores in {@code audit.restores}: one row per committed transaction that
   * creates a table, as {@code pg_restore --single-transaction} does once per restore (a restore
   * rolled back leaves no row). The schema is not in the backup, so restoring it keeps the count.
   */
  void countRestores() throws Exception {
    pg.superuser(
        "\\c billing",
        "CREATE SCHEMA audit",
        "CREATE TABLE audit.restores (tx bigint PRIMARY KEY, at timestamptz DEFAULT now())",
        "GRANT USAGE ON SCHEMA audit TO billing",
        "GRANT SELECT, INSERT ON audit.restores TO billing",
        "CREATE FUNCTION audit.count_restore() RETURNS event_trigger LANGUAGE plpgsql AS $$"
            + " BEGIN INSERT INTO audit.restores (tx) VALUES (txid_current())"
            + " ON CONFLICT DO NOTHING; END $$",
        "CREATE EVENT TRIGGER count_restores ON ddl_command_end WHEN TAG IN ('CREATE TABLE')"
            + " EXECUTE FUNCTION audit.count_restore()");
  }

  /** Restores committed since {@link #countRestores}. */
  long restores() throws Exception {
    return Long.parseLong(pg.value("SELECT count(*) FROM audit.restores"));
  }

  /** md5 of every table's rows, ordered. */
  Map<String, String> checksums() throws Exception {
    return checksums(pg.connect());
  }

  /** The backup restored into a scratch database of the same cluster: its checksums. */
  Map<String, String> checksumsOfBackup() throws Exception {
    pg.superuser(
        "DROP DATABASE IF EXISTS backup_copy", "CREATE DATABASE backup_copy OWNER billing");
    String copy = pg.conninfo().replaceFirst("/billing$", "/backup_copy");
    Processes.run(pg.bindir + "/pg_restore", "--no-owner", "-d", copy, backup().toString());
    return checksums(
        DriverManager.getConnection(
            pg.url().replaceFirst("/billing$", "/backup_copy"),
            "billing",
            TargetPostgres.PASSWORD));
  }

  private static Map<String, String> checksums(Connection c) throws Exception {
    Map<String, String> sums = new TreeMap<>();
    try (c;
        Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM "
                    + table
                    + " t")) {
          rs.next();
          sums.put(table, rs.getString(1));
        }
      }
    }
    return sums;
  }

  @Override
  public void close() {
    pg.close();
  }
}
