package dev.rewind.workflows.legacy;

/**
 * How to tell that a service is healthy: an HTTP GET on {@code url} answering {@code expectStatus}
 * within {@code timeoutSeconds}. A null url means "no HTTP check configured".
 */
public record HealthCheck(String url, int expectStatus, long timeoutSeconds) {}
