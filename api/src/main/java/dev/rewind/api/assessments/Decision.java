package dev.rewind.api.assessments;

/**
 * What the runbooks say to do: roll back, fix forward, or watch a signal that sits between the
 * fix-forward and the roll-back thresholds (runbook 002's "Monitor, Fix Forward").
 */
public enum Decision {
  ROLLBACK,
  FIX_FORWARD,
  MONITOR
}
