package dev.rewind.api.deployments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What runs where, as pipelines and successful rollbacks recorded it. The newest entry of a service
 * and environment is its current version; the <em>known-good</em> version is the newest entry
 * before it that is still DEPLOYED (not rolled back) and is another version.
 */
@Repository
public class DeploymentRegistry {
  private static final String COLUMNS =
      "id, service, environment, version, git_sha, image, migration, backup, status, source,"
          + " rollback_id, recorded_by, recorded_at, flags";

  private static final TypeReference<Map<String, Object>> FLAGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public DeploymentRegistry(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public Deployment record(DeploymentRequest d, String recordedBy) {
    return jdbc.sql(
            "INSERT INTO deployments (service, environment, version, git_sha, image, migration,"
                + " backup, source, recorded_by, flags)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'pipeline', ?, ?::jsonb)"
                + " RETURNING "
                + COLUMNS)
        .params(
            d.service(),
            d.environment(),
            d.version(),
            d.gitSha(),
            d.image(),
            d.migration(),
            d.backup(),
            recordedBy,
            d.flags() == null ? null : json.writeValueAsString(d.flags()))
        .query(this::map)
        .single();
  }

  /** Newest first. */
  public List<Deployment> history(String service, String environment, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM deployments WHERE service = ? AND environment = ?"
                + " ORDER BY id DESC LIMIT ?")
        .params(service, environment, limit)
        .query(this::map)
        .list();
  }

  public Optional<Deployment> current(String service, String environment) {
    return history(service, environment, 1).stream().findFirst();
  }

  public Optional<Deployment> knownGood(String service, String environment) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM deployments d WHERE service = :s AND environment = :e AND status ="
                + " 'DEPLOYED' AND id < (SELECT max(id) FROM deployments WHERE service = :s AND"
                + " environment = :e) AND version <> (SELECT version FROM deployments WHERE"
                + " service = :s AND environment = :e ORDER BY id DESC LIMIT 1) ORDER BY id DESC"
                + " LIMIT 1")
        .param("s", service)
        .param("e", environment)
        .query(this::map)
        .optional();
  }

  /** The newest entry of {@code version}, whose git sha, image and migration a rollback reuses. */
  public Optional<Deployment> newestOf(String service, String environment, String version) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM deployments WHERE service = ? AND environment = ?"
                + " AND version = ? ORDER BY id DESC LIMIT 1")
        .params(service, environment, version)
        .query(this::map)
        .optional();
  }

  /** The newest entry of {@code version} recorded before {@code instant}. */
  public Optional<Deployment> newestOfBefore(
      String service, String environment, String version, Instant instant) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM deployments WHERE service = ? AND environment = ? AND version = ?"
                + " AND recorded_at <= ? ORDER BY id DESC LIMIT 1")
        .params(service, environment, version, Timestamp.from(instant))
        .query(this::map)
        .optional();
  }

  /**
   * A rollback to {@code version} succeeded: the deployment it rolled back from ({@code
   * fromDeployment}, by id; null: none recorded) is marked ROLLED_BACK, whatever was recorded
   * since, and {@code version} is recorded as current with the git sha, image, migration and backup
   * of its newest entry. Recording the same rollback twice (an activity retry) changes nothing the
   * second time.
   */
  @Transactional
  public void rolledBack(
      String service, String environment, Long fromDeployment, String version, String rollbackId) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(? || '/' || ?))")
        .params(service, environment)
        .query()
        .singleValue();
    boolean done =
        jdbc.sql("SELECT count(*) FROM deployments WHERE rollback_id = ?")
                .param(rollbackId)
                .query(Long.class)
                .single()
            > 0;
    if (done) {
      return;
    }
    if (fromDeployment != null) {
      jdbc.sql(
              "UPDATE deployments SET status = 'ROLLED_BACK' WHERE id = ? AND service = ? AND"
                  + " environment = ?")
          .params(fromDeployment, service, environment)
          .update();
    }
    Optional<Deployment> earlier = newestOf(service, environment, version);
    jdbc.sql(
            "INSERT INTO deployments (service, environment, version, git_sha, image, migration,"
                + " backup, source, rollback_id, recorded_by, flags) VALUES (?, ?, ?, ?, ?, ?, ?,"
                + " 'rollback', ?, 'rewind', ?::jsonb)")
        .params(
            service,
            environment,
            version,
            earlier.map(Deployment::gitSha).orElse(null),
            earlier.map(Deployment::image).orElse(null),
            earlier.map(Deployment::migration).orElse(null),
            earlier.map(Deployment::backup).orElse(null),
            rollbackId,
            earlier.map(Deployment::flags).map(json::writeValueAsString).orElse(null))
        .update();
  }

  private Deployment map(ResultSet rs, int row) throws SQLException {
    String flags = rs.getString("flags");
    return new Deployment(
        rs.getLong("id"),
        rs.getString("service"),
        rs.getString("environment"),
        rs.getString("version"),
        rs.getString("git_sha"),
        rs.getString("image"),
        rs.getString("migration"),
        rs.getString("backup"),
        rs.getString("status"),
        rs.getString("source"),
        rs.getString("rollback_id"),
        rs.getString("recorded_by"),
        rs.getTimestamp("recorded_at").toInstant(),
        flags == null ? null : json.readValue(flags, FLAGS));
  }
}
