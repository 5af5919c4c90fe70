package dev.rewind.workflows.legacy;

import java.time.Instant;

/**
 * A backup found fit to restore: it exists, its SHA-256 matched {@code <file>.sha256} when there is
 * one ({@code checksumVerified}), and it is younger than the allowed age, or older and explicitly
 * allowed ({@code stale}). {@code manifest} is its Rewind manifest ({@code <file minus
 * .dump>.manifest.json}) when it has one, else null: the restore verifies row counts against it.
 */
public record BackupCheck(
    String file,
    String sha256,
    long sizeBytes,
    Instant modifiedAt,
    long ageSeconds,
    boolean checksumVerified,
    boolean stale,
    SnapshotManifest manifest) {}
