package dev.rewind.workflows.code;

/** Stable failure types of {@code code-revert}'s permanent errors. */
public final class GitFailures {
  public static final String MERGE_CONFLICT = "MergeConflict";

  /** Uncommitted changes in a checkout: a rollback would lose them, so it does not start. */
  public static final String DIRTY_WORKING_TREE = "DirtyWorkingTree";

  public static final String GIT_REF_NOT_FOUND = "GitRefNotFound";

  private GitFailures() {}
}
