package dev.rewind.activities.catalog;

import dev.rewind.catalog.FlagProvider;

/**
 * A service's feature flags as the worker's catalog describes them: the provider, and for the sql
 * provider the service's database login ({@code database} only; null otherwise).
 */
public record FlagsTarget(FlagProvider provider, DatabaseTarget database) {}
