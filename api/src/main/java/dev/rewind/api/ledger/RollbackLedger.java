package dev.rewind.api.ledger;

import dev.rewind.workflows.RollbackPlan;
import dev.rewind.workflows.RollbackState;
import dev.rewind.workflows.RollbackStatus;
import dev.rewind.workflows.RollbackWorkflow;
import dev.rewind.workflows.StrategyId;
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
 * The rollbacks table. A row is inserted inside the transaction that starts the workflow, so the
 * partial unique indexes (one active rollback per service and environment; one rollback per
 * identity and Idempotency-Key) decide races between concurrent requests.
 */
@Repository
public class RollbackLedger {
  private static final String COLUMNS =
      "id, service, environment, strategies, from_version, to_version, status, active,"
          + " requested_by, reason, workflow_type, plan::text AS plan, state::text AS state,"
          + " outcome, requested_at, finished_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public RollbackLedger(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Inserts an accepted rollback; throws DuplicateKeyException when an index refuses it. */
  public void insert(String id, RollbackPlan plan, String idempotencyKey, String requestHash) {
    String chain = String.join("+", plan.strategyIds().stream().map(StrategyId::id).toList());
    jdbc.sql(
            "INSERT INTO rollbacks (id, service, environment, strategy, strategies, from_version,"
                + " to_version, status, requested_by, reason, idempotency_key, request_hash, plan,"
                + " workflow_type) VALUES (?, ?, ?, ?, string_to_array(?, '+'), ?, ?, 'PLANNED', ?,"
                + " ?, ?, ?, CAST(? AS jsonb), ?)")
        .params(
            id,
            plan.service(),
            plan.environment(),
            chain,
            chain,
            plan.versions().from(),
            plan.versions().to(),
            plan.requestedBy(),
            plan.reason(),
            idempotencyKey,
            requestHash,
            json.writeValueAsString(plan),
            RollbackWorkflow.TYPE)
        .update();
  }

  public record Keyed(String id, String requestHash) {}

  public Optional<Keyed> byIdempotencyKey(String identity, String key) {
    return jdbc.sql(
            "SELECT id, request_hash FROM rollbacks WHERE requested_by = ? AND idempotency_key = ?")
        .params(identity, key)
        .query((rs, n) -> new Keyed(rs.getString(1), rs.getString(2)))
        .optional();
  }

  public Optional<String> active(String service, String environment) {
    return jdbc.sql("SELECT id FROM rollbacks WHERE service = ? AND environment = ? AND active")
        .params(service, environment)
        .query(String.class)
        .optional();
  }

  public Optional<LedgerEntry> find(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM rollbacks WHERE id = ?")
        .param(id)
        .query(this::map)
        .optional();
  }

  /** Newest first; null filters match everything. */
  public List<LedgerEntry> list(
      String service, String environment, RollbackStatus status, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM rollbacks WHERE (CAST(:service AS text) IS NULL OR service = :service)"
                + " AND (CAST(:env AS text) IS NULL OR environment = :env)"
                + " AND (CAST(:status AS text) IS NULL OR status = :status)"
                + " ORDER BY requested_at DESC, id DESC LIMIT :limit")
        .param("service", service)
        .param("env", environment)
        .param("status", status == null ? null : status.name())
        .param("limit", limit)
        .query(this::map)
        .list();
  }

  /** Applies a status report unless a newer one (higher sequence) or the outcome came first. */
  public boolean recordStatus(String id, int sequence, RollbackState state) {
    return jdbc.sql(
                "UPDATE rollbacks SET status = ?, status_sequence = ?, state = CAST(? AS jsonb),"
                    + " updated_at = now() WHERE id = ? AND status_sequence < ? AND finished_at"
                    + " IS NULL")
            .params(state.status().name(), sequence, json.writeValueAsString(state), id, sequence)
            .update()
        == 1;
  }

  /** Records the end once; false when it was already recorded. */
  public boolean recordOutcome(String id, RollbackState state) {
    return jdbc.sql(
                "UPDATE rollbacks SET status = ?, state = CAST(? AS jsonb), outcome = ?, active ="
                    + " false, finished_at = now(), updated_at = now() WHERE id = ? AND finished_at"
                    + " IS NULL")
            .params(state.status().name(), json.writeValueAsString(state), state.outcome(), id)
            .update()
        == 1;
  }

  /** Ends a row whose workflow ended without reporting (e.g. terminated from the Temporal UI). */
  public void endedOutsideRewind(String id, RollbackStatus status, String outcome) {
    jdbc.sql(
            "UPDATE rollbacks SET status = ?, outcome = ?, active = false, finished_at = now(),"
                + " updated_at = now() WHERE id = ? AND finished_at IS NULL")
        .params(status.name(), outcome, id)
        .update();
  }

  public boolean exists(String id) {
    return jdbc.sql("SELECT count(*) FROM rollbacks WHERE id = ?")
            .param(id)
            .query(Long.class)
            .single()
        > 0;
  }

  public long countActive() {
    return jdbc.sql("SELECT count(*) FROM rollbacks WHERE active").query(Long.class).single();
  }

  private LedgerEntry map(ResultSet rs, int row) throws SQLException {
    String state = rs.getString("state");
    String type = rs.getString("workflow_type");
    return new LedgerEntry(
        rs.getString("id"),
        rs.getString("service"),
        rs.getString("environment"),
        List.of((String[]) rs.getArray("strategies").getArray()),
        rs.getString("from_version"),
        rs.getString("to_version"),
        RollbackStatus.valueOf(rs.getString("status")),
        rs.getBoolean("active"),
        rs.getString("requested_by"),
        rs.getString("reason"),
        type,
        // the previous version's plans have another shape: its columns say what it was
        LedgerEntry.LEGACY_TYPE.equals(type)
            ? null
            : json.readValue(rs.getString("plan"), RollbackPlan.class),
        state == null ? null : json.readValue(state, RollbackState.class),
        rs.getString("outcome"),
        instant(rs.getTimestamp("requested_at")),
        instant(rs.getTimestamp("finished_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
