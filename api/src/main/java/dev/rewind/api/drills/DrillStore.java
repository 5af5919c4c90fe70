package dev.rewind.api.drills;

import dev.rewind.workflows.drill.DrillLeg;
import dev.rewind.workflows.drill.DrillRun;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The drills and drill_runs tables. A deleted drill keeps its row (and its number, never reused)
 * with {@code deleted_at} set; its runs stay.
 */
@Repository
class DrillStore {
  private static final String COLUMNS =
      "id, service, environment, strategies, severity, every, cron, paused, created_by,"
          + " created_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  DrillStore(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The next number for the service's environment; deleted drills' numbers count. */
  int nextNumber(String service, String environment) {
    return jdbc.sql(
            "SELECT coalesce(max(number), 0) + 1 FROM drills WHERE service = ? AND environment = ?")
        .params(service, environment)
        .query(Integer.class)
        .single();
  }

  /** Throws DuplicateKeyException when a concurrent request took the number. */
  void insert(Drill drill, int number) {
    jdbc.sql(
            "INSERT INTO drills (id, service, environment, number, strategies, severity, every,"
                + " cron, paused, created_by) VALUES (?, ?, ?, ?, string_to_array(?, '+'), ?, ?,"
                + " ?, ?, ?)")
        .params(
            drill.id(),
            drill.service(),
            drill.environment(),
            number,
            String.join("+", drill.strategies()),
            drill.severity(),
            drill.schedule().every(),
            drill.schedule().cron(),
            drill.paused(),
            drill.createdBy())
        .update();
  }

  /** A drill that is not deleted. */
  Optional<Drill> find(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM drills WHERE id = ? AND deleted_at IS NULL")
        .param(id)
        .query(DrillStore::drill)
        .optional();
  }

  /** Drills not deleted, oldest first; null filters match everything. */
  List<Drill> list(String service, String environment) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM drills WHERE deleted_at IS NULL"
                + " AND (CAST(:service AS text) IS NULL OR service = :service)"
                + " AND (CAST(:env AS text) IS NULL OR environment = :env)"
                + " ORDER BY created_at, id")
        .param("service", service)
        .param("env", environment)
        .query(DrillStore::drill)
        .list();
  }

  /** False when there was no such drill (or it was deleted already). */
  boolean delete(String id, String identity) {
    return jdbc.sql(
                "UPDATE drills SET deleted_by = ?, deleted_at = now() WHERE id = ? AND deleted_at"
                    + " IS NULL")
            .params(identity, id)
            .update()
        == 1;
  }

  /** Records a run as it began; a repeated call (a retried activity) changes nothing. */
  void begin(String drillId, String runId, Instant startedAt, int slaMinutes) {
    jdbc.sql(
            "INSERT INTO drill_runs (run_id, drill_id, started_at, outcome, sla_minutes) VALUES"
                + " (?, ?, ?, 'RUNNING', ?) ON CONFLICT (run_id) DO NOTHING")
        .params(runId, drillId, Timestamp.from(startedAt), slaMinutes)
        .update();
  }

  /** When the run began, once {@link #begin} recorded it. */
  Optional<Instant> startedAt(String runId) {
    return jdbc.sql("SELECT started_at FROM drill_runs WHERE run_id = ?")
        .param(runId)
        .query((rs, n) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /**
   * Records the run as it stands: a leg under way, then how it ended. A run that ended stays as it
   * ended (a late or repeated record changes nothing).
   */
  void finish(DrillRun run) {
    jdbc.sql(
            "INSERT INTO drill_runs (run_id, drill_id, started_at, finished_at, outcome,"
                + " sla_minutes, sla_met, back, forward) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS"
                + " jsonb), CAST(? AS jsonb)) ON CONFLICT (run_id) DO UPDATE SET finished_at ="
                + " EXCLUDED.finished_at, outcome = EXCLUDED.outcome, sla_met = EXCLUDED.sla_met,"
                + " back = EXCLUDED.back, forward = EXCLUDED.forward WHERE drill_runs.outcome ="
                + " 'RUNNING'")
        .params(
            run.runId(),
            run.drillId(),
            Timestamp.from(Instant.ofEpochMilli(run.startedAtMillis())),
            run.finishedAtMillis() == null
                ? null
                : Timestamp.from(Instant.ofEpochMilli(run.finishedAtMillis())),
            run.outcome(),
            run.slaMinutes(),
            run.slaMet(),
            run.back() == null ? null : json.writeValueAsString(run.back()),
            run.forward() == null ? null : json.writeValueAsString(run.forward()))
        .update();
  }

  /** A drill's runs, newest first. */
  List<DrillRun> runs(String drillId, int limit) {
    return jdbc.sql(
            "SELECT run_id, drill_id, started_at, finished_at, outcome, sla_minutes, sla_met,"
                + " back::text AS back, forward::text AS forward FROM drill_runs WHERE drill_id ="
                + " ? ORDER BY started_at DESC, run_id DESC LIMIT ?")
        .params(drillId, limit)
        .query(this::run)
        .list();
  }

  private DrillRun run(ResultSet rs, int row) throws SQLException {
    Timestamp finished = rs.getTimestamp("finished_at");
    return new DrillRun(
        rs.getString("drill_id"),
        rs.getString("run_id"),
        rs.getTimestamp("started_at").toInstant().toEpochMilli(),
        finished == null ? null : finished.toInstant().toEpochMilli(),
        leg(rs.getString("back")),
        leg(rs.getString("forward")),
        rs.getInt("sla_minutes"),
        (Boolean) rs.getObject("sla_met"),
        rs.getString("outcome"));
  }

  private DrillLeg leg(String column) {
    return column == null ? null : json.readValue(column, DrillLeg.class);
  }

  private static Drill drill(ResultSet rs, int row) throws SQLException {
    return new Drill(
        rs.getString("id"),
        rs.getString("service"),
        rs.getString("environment"),
        List.of((String[]) rs.getArray("strategies").getArray()),
        rs.getString("severity"),
        new DrillSchedule(rs.getString("every"), rs.getString("cron")),
        rs.getBoolean("paused"),
        rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant());
  }
}
