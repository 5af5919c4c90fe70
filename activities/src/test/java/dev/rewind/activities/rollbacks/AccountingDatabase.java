package dev.rewind.activities.rollbacks;

import dev.rewind.activities.database.TargetPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The service's database in these tests: accounts (30k rows), a journal (100k rows, foreign key,
 * index, sequence) and the migrations applied, with the bad migrations a release might bring, their
 * real down scripts, the pipeline's pre-deployment backup, and the comparisons the acceptance asks
 * for: a {@code pg_dump --schema-only} and an md5 of every table's rows.
 *
 * <p>The journal's memo carries a check ({@code gate(memo)}) that refuses rows while the database
 * setting {@code rewind.block_restore} is on: a restore of a backup that still has that column then
 * fails in the middle of its data, while a snapshot taken after the column was dropped restores.
 */
final class AccountingDatabase {
  static final String URL_PASSWORD = TargetPostgres.PASSWORD;

  private final TargetPostgres pg;

  AccountingDatabase(TargetPostgres pg) {
    this.pg = pg;
  }

  void create() throws SQLException {
    pg.sql(
        "DROP SCHEMA public CASCADE",
        "CREATE SCHEMA public",
        "CREATE FUNCTION gate(m text) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN"
            + " IF current_setting('rewind.block_restore', true) = 'on' THEN"
            + " RAISE EXCEPTION 'restore blocked at memo %', m; END IF; RETURN true; END $$",
        "CREATE TABLE schema_migrations (version text PRIMARY KEY)",
        "INSERT INTO schema_migrations VALUES ('0001_initial'), ('0002_add_journal_entry')",
        "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL,"
            + " balance numeric(14,2) NOT NULL)",
        "INSERT INTO accounts SELECT g, 'account ' || g, g % 1000 * 1.5"
            + " FROM generate_series(1, 30000) g",
        "CREATE TABLE journal (id bigserial PRIMARY KEY, account_id bigint NOT NULL"
            + " REFERENCES accounts, amount numeric(12,2) NOT NULL,"
            + " memo text NOT NULL CHECK (gate(memo)), booked date NOT NULL)",
        "INSERT INTO journal (account_id, amount, memo, booked) SELECT 1 + g % 30000,"
            + " (g % 5000) / 10.0, 'entry ' || md5(g::text), date '2026-01-01' + g % 300"
            + " FROM generate_series(1, 100000) g",
        "CREATE INDEX journal_account ON journal (account_id)",
        "ANALYZE");
  }

  /** 0003: reversible, but breaks the release: a column with a default, a rename, an index. */
  void applyBadMigration() throws SQLException {
    pg.sql(
        "ALTER TABLE journal ADD COLUMN audited boolean NOT NULL DEFAULT false",
        "ALTER TABLE accounts RENAME TO customer_accounts",
        "CREATE INDEX journal_booked ON journal (booked)",
        "INSERT INTO schema_migrations VALUES ('0003_add_audit_log')");
  }

  /** 0003's real down script, as the service's migrate-down command runs it. */
  Path writeDownScripts(Path dir) throws Exception {
    Files.writeString(
        dir.resolve("0002_add_journal_entry.down.sql"),
        """
        DROP INDEX journal_booked;
        ALTER TABLE customer_accounts RENAME TO accounts;
        ALTER TABLE journal DROP COLUMN audited;
        DELETE FROM schema_migrations WHERE version > '0002_add_journal_entry';
        """);
    // a down script that dies half-way, outside a transaction: the snapshot must put it right
    Files.writeString(
        dir.resolve("0001_initial.down.sql"),
        """
        DROP INDEX journal_booked;
        DELETE FROM journal WHERE id % 3 = 0;
        SELECT 1/0;
        """);
    return dir;
  }

  /**
   * The catalog's migrate-down command, {@code sh <scripts>/migrate-down.sh {targetMigration}}: a
   * script beside the down scripts that runs {@code <target>.down.sql} with psql. The password
   * stays in that script, out of the catalog.
   */
  Path writeMigrateDown(Path scripts) throws Exception {
    Path migrate = scripts.resolve("migrate-down.sh");
    Files.writeString(
        migrate,
        "#!/bin/sh\nPGPASSWORD='"
            + URL_PASSWORD
            + "' exec '"
            + pg.bindir
            + "/psql' -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "
            + pg.port
            + " -U billing -d billing -f \""
            + scripts
            + "/$1.down.sql\"\n");
    return migrate;
  }

  /** A destructive release after the pipeline's backup: a column dropped, data rewritten. */
  void applyDestructiveMigration() throws SQLException {
    pg.sql(
        "ALTER TABLE journal DROP COLUMN memo",
        "UPDATE accounts SET balance = balance * 2",
        "DELETE FROM journal WHERE id % 5 = 0",
        "INSERT INTO schema_migrations VALUES ('0003_drop_memo')");
  }

  /** The pipeline's backup before the deployment: {@code pg_dump -Fc} and its {@code .sha256}. */
  Path pipelineBackup(Path dir) throws Exception {
    Path file = dir.resolve("pre-deploy.dump");
    run(pg.bindir + "/pg_dump", "-Fc", "-d", conninfo(), "-f", file.toString());
    String sha =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    Files.writeString(dir.resolve("pre-deploy.dump.sha256"), sha + "  pre-deploy.dump\n");
    return file;
  }

  static void age(Path file, long hours) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(hours * 3600)));
  }

  void blockRestores(boolean on) throws Exception {
    pg.superuser(
        on
            ? "ALTER DATABASE billing SET rewind.block_restore = 'on'"
            : "ALTER DATABASE billing RESET rewind.block_restore");
  }

  /** {@code pg_dump --schema-only}, without the lines that differ between two dumps. */
  String schema() throws Exception {
    String dump = run(pg.bindir + "/pg_dump", "--schema-only", "--no-owner", "-d", conninfo());
    List<String> kept = new ArrayList<>();
    for (String line : dump.split("\n")) {
      if (!line.startsWith("--")
          && !line.startsWith("\\restrict")
          && !line.startsWith("\\unrestrict")) {
        kept.add(line);
      }
    }
    return String.join("\n", kept);
  }

  /** Per table: row count and an md5 over every row's text in primary-key order. */
  Map<String, String> contents() throws SQLException {
    Map<String, String> sums = new TreeMap<>();
    try (Connection c = pg.connect();
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
                "SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, '|'"
                    + " ORDER BY t::text)), '-') FROM "
                    + table
                    + " t")) {
          rs.next();
          sums.put(table, rs.getString(1));
        }
      }
    }
    return sums;
  }

  private String conninfo() {
    return "postgresql://billing:" + URL_PASSWORD + "@127.0.0.1:" + pg.port + "/billing";
  }

  private static String run(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
    }
    return out;
  }
}
