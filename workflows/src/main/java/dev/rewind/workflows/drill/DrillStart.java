package dev.rewind.workflows.drill;

import dev.rewind.workflows.core.Target;

/**
 * A drill run the api accepted: where its result is announced (the service's environment, by name,
 * with its catalog digest) and the SLA of the drill's severity in minutes (0: none).
 */
public record DrillStart(Target notifyTarget, int slaMinutes, long startedAtMillis) {}
