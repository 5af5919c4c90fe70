package dev.rewind.activities.catalog;

/**
 * How to tell that a service is healthy on one host: an HTTP GET on {@code url} (the catalog's,
 * {@code {host}} filled) answering {@code expectStatus} within {@code timeoutSeconds}. A null url
 * means the catalog declares no health URL.
 */
public record HealthCheck(String url, int expectStatus, long timeoutSeconds) {}
