package dev.rewind.activities.database;

/**
 * The heartbeat details of a long database step: what it is doing ("pg_dump billing → snapshot
 * 7f3c") and how many bytes it has written (dump) or read (restore, checksum) so far.
 */
public record TransferProgress(String phase, long bytes) {}
