package dev.rewind.workflows.legacy;

import java.util.List;

/**
 * Commands that put the service into maintenance mode and take it out. When {@code expectStatus} is
 * set, "on" is verified by the health URL answering that status (typically 503).
 */
public record MaintenanceMode(List<String> on, List<String> off, Integer expectStatus) {}
