package dev.rewind.activities.catalog;

import java.time.Duration;
import java.util.List;

/**
 * The {@code config} section of a service on one host, resolved from the worker's catalog: the
 * files (absolute, normalised), the directory of the backup sets, the validator and reload argv
 * ({@code {host}} filled; null where the catalog declares none) and how long each may run.
 */
public record ConfigTarget(
    HostTarget host,
    List<String> files,
    String backupDir,
    List<String> validate,
    List<String> reload,
    boolean restart,
    Duration commandTimeout) {}
