package dev.rewind.activities.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small accounting database: accounts, journal entries (foreign key, index, sequence) and
 * postings, 180k rows in all. Postings carry a check that takes advisory lock {@link #GATE} in
 * shared mode, so a test holding it exclusively can stop a restore in the middle of its data.
 */
final class BillingData {
  static final long GATE = 4242;
  static final List<String> TABLES = List.of("accounts", "journal", "postings");

  private BillingData() {}

  static void create(TargetPostgres pg) throws SQLException {
    pg.sql(
        "DROP SCHEMA public CASCADE",
        "CREATE SCHEMA public",
        "CREATE FUNCTION gate() RETURNS boolean LANGUAGE plpgsql AS"
            + " $$ BEGIN PERFORM pg_advisory_xact_lock_shared("
            + GATE
            + "); RETURN true; END $$",
        "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL,"
            + " balance numeric(14,2) NOT NULL, note text)",
        "INSERT INTO accounts SELECT g, 'account ' || g, g % 1000 * 1.5, md5(g::text)"
            + " FROM generate_series(1, 30000) g",
        "CREATE TABLE journal (id bigserial PRIMARY KEY, account_id bigint NOT NULL"
            + " REFERENCES accounts, amount numeric(12,2) NOT NULL, memo text NOT NULL,"
            + " booked date NOT NULL)",
        "INSERT INTO journal (account_id, amount, memo, booked) SELECT 1 + g % 30000,"
            + " (g % 5000) / 10.0, 'entry ' || md5(g::text), date '2026-01-01' + g % 300"
            + " FROM generate_series(1, 100000) g",
        "CREATE INDEX journal_account ON journal (account_id)",
        "CREATE TABLE postings (id bigint PRIMARY KEY, entry text NOT NULL, CHECK (gate()))",
        "INSERT INTO postings SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, 50000) g",
        "ANALYZE");
  }

  /** Per table: row count and an md5 over every row's text, in a stable order. */
  static Map<String, String> contents(TargetPostgres pg) throws SQLException {
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
      for (String t : tables) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)),"
                    + " '') FROM "
                    + t
                    + " t")) {
          rs.next();
          sums.put(t, rs.getString(1));
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT md5(string_agg(table_name || '.' || column_name || ':' || data_type,"
                  + " ',' ORDER BY table_name, column_name)) FROM information_schema.columns"
                  + " WHERE table_schema = 'public'")) {
        rs.next();
        sums.put("(columns)", rs.getString(1));
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT md5(string_agg(indexdef, ',' ORDER BY indexdef)) FROM pg_indexes"
                  + " WHERE schemaname = 'public'")) {
        rs.next();
        sums.put("(indexes)", rs.getString(1));
      }
    }
    return sums;
  }

  /**
   * The change a bad release might make: rows deleted and rewritten, a column and a table dropped.
   */
  static void destroy(TargetPostgres pg) throws SQLException {
    pg.sql(
        "DELETE FROM journal WHERE id % 2 = 0",
        "UPDATE accounts SET balance = 0",
        "ALTER TABLE accounts DROP COLUMN note",
        "DROP TABLE postings");
  }
}
