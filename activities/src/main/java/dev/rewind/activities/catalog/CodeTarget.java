package dev.rewind.activities.catalog;

/**
 * The service's git checkout on one host: the catalog's {@code code.gitDir}, {@code {host}} filled.
 */
public record CodeTarget(HostTarget host, String gitDir) {}
