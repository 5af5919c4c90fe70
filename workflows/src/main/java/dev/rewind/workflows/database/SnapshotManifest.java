package dev.rewind.workflows.database;

import java.time.Instant;
import java.util.Map;

/**
 * What a snapshot holds, written beside it as {@code <snapshotId>.manifest.json}: the dump file,
 * its SHA-256 and size, the server it came from, when and by which rollback step it was taken, and
 * the exact row count of every table ({@code schema.table}) in the same database snapshot the dump
 * was taken from. A restore is verified against these counts.
 */
public record SnapshotManifest(
    String snapshotId,
    String file,
    String sha256,
    long sizeBytes,
    String database,
    String serverVersion,
    Instant takenAt,
    String rollbackId,
    String step,
    Map<String, Long> rowCounts) {

  /** A short description for step details: "snapshot 7f3c: 12.3 MB, 4 tables, 100000 rows". */
  public String describe() {
    long rows = rowCounts.values().stream().mapToLong(Long::longValue).sum();
    return String.format(
        "snapshot %s: %s, %.1f MB, %d tables, %d rows, sha256 %s",
        snapshotId,
        file,
        sizeBytes / 1e6,
        rowCounts.size(),
        rows,
        sha256.substring(0, Math.min(12, sha256.length())));
  }
}
