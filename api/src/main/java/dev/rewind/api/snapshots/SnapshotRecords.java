package dev.rewind.api.snapshots;

import dev.rewind.workflows.database.SnapshotManifest;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database snapshots Rewind took, read from what the rollbacks reported to the ledger: every
 * rollback's last state lists the snapshots it took and the older ones it pruned. A snapshot pruned
 * by any later rollback is no longer listed.
 */
@Repository
class SnapshotRecords {
  private final JdbcClient jdbc;
  private final JsonMapper json;

  SnapshotRecords(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** One snapshot with its manifest and the rollback that took it. */
  record Snapshot(
      String snapshotId,
      Instant takenAt,
      String rollbackId,
      String rollbackStatus,
      boolean rollbackActive,
      SnapshotManifest manifest) {}

  /** The snapshots of a service and environment that were not pruned, newest first. */
  List<Snapshot> list(String service, String environment) {
    Set<String> pruned =
        new HashSet<>(
            jdbc.sql(
                    "SELECT jsonb_array_elements_text(state->'prunedSnapshots') FROM rollbacks"
                        + " WHERE service = ? AND environment = ?"
                        + " AND jsonb_typeof(state->'prunedSnapshots') = 'array'")
                .params(service, environment)
                .query(String.class)
                .list());
    return jdbc
        .sql(
            "SELECT r.id, r.status, r.active, s.value::text FROM rollbacks r,"
                + " jsonb_array_elements(r.state->'databaseSnapshots') s"
                + " WHERE r.service = ? AND r.environment = ?"
                + " AND jsonb_typeof(r.state->'databaseSnapshots') = 'array'")
        .params(service, environment)
        .query(
            (rs, n) -> {
              SnapshotManifest m = json.readValue(rs.getString(4), SnapshotManifest.class);
              return new Snapshot(
                  m.snapshotId(),
                  m.takenAt(),
                  rs.getString(1),
                  rs.getString(2),
                  rs.getBoolean(3),
                  m);
            })
        .list()
        .stream()
        .filter(s -> !pruned.contains(s.snapshotId()))
        .sorted(
            Comparator.comparing(
                    Snapshot::takenAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .reversed()
                .thenComparing(Snapshot::snapshotId, Comparator.reverseOrder()))
        .toList();
  }
}
