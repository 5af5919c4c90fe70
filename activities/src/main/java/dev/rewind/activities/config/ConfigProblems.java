package dev.rewind.activities.config;

import dev.rewind.activities.Failures;
import dev.rewind.workflows.config.ConfigFailures;
import io.temporal.failure.ApplicationFailure;

/** The permanent failures of {@code config-restore}'s file steps, worded once. */
final class ConfigProblems {
  private ConfigProblems() {}

  static ApplicationFailure badSet(String set, String why) {
    return Failures.permanent(
        ConfigFailures.BACKUP_SET_INVALID,
        "backup set " + set + " " + why + ": nothing was changed");
  }

  static ApplicationFailure changedUnderneath(String file) {
    return Failures.permanent(
        ConfigFailures.FILE_CHANGED,
        file + " does not hold the checksum recorded for it: changed while the rollback ran");
  }
}
