package dev.rewind.workflows;

/**
 * One step a rollback will take, as a dry run shows it: its name, the object it acts on, the host
 * (or "control" for steps of the control worker) and the step that undoes it, or null when nothing
 * needs undoing.
 */
public record PlannedStep(String name, String target, String host, String compensation) {}
