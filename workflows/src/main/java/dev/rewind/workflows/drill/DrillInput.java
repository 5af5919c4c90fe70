package dev.rewind.workflows.drill;

import java.util.List;

/**
 * What a drill's schedule starts a {@link DrillWorkflow} with: names and validated values only. The
 * api checks each against its own drills table and the catalog again when the drill runs.
 */
public record DrillInput(
    String drillId, String service, String environment, List<String> strategies, String severity) {}
