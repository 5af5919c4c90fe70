package dev.rewind.api.testing;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The api's tables, emptied before a test and counted after it. */
public final class Tables {
  private Tables() {}

  public static void empty(JdbcClient jdbc) {
    jdbc.sql(
            "TRUNCATE deployments, rollbacks, approvals, actions, drills, drill_runs RESTART"
                + " IDENTITY CASCADE")
        .update();
  }

  public static Map<String, Long> counts(JdbcClient jdbc) {
    return Map.of(
        "deployments", count(jdbc, "deployments"),
        "rollbacks", count(jdbc, "rollbacks"),
        "approvals", count(jdbc, "approvals"),
        "actions", count(jdbc, "actions"));
  }

  public static long count(JdbcClient jdbc, String table) {
    return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
  }
}
