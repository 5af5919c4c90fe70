package dev.rewind.workflows.config;

/** Stable failure types of {@code config-restore}'s permanent errors. */
public final class ConfigFailures {
  /**
   * The catalog's validator refused the restored files. They were put back and reloaded before this
   * failure was raised: the host keeps its working configuration.
   */
  public static final String INVALID_CONFIG = "INVALID_CONFIG";

  /** The backup set is missing, lacks a catalog file, or its SHA256SUMS does not match. */
  public static final String BACKUP_SET_INVALID = "BackupSetInvalid";

  /**
   * A file (in the set, Rewind's snapshot or in place) no longer holds the checksum recorded for
   * it: something else changed it while the rollback ran.
   */
  public static final String FILE_CHANGED = "ConfigFileChanged";

  private ConfigFailures() {}
}
