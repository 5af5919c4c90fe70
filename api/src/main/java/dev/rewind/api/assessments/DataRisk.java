package dev.rewind.api.assessments;

/** The "Data Risk" column of runbook 002's decision matrix. */
public enum DataRisk {
  NONE,
  LOW,
  MEDIUM,
  HIGH
}
