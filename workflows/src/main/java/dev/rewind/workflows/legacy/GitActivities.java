package dev.rewind.workflows.legacy;

import dev.rewind.workflows.code.GitHead;
import io.temporal.activity.ActivityInterface;

/**
 * Git on a host's checkout, for {@code code-revert}. Each method is idempotent: given the {@link
 * GitHead} recorded first, a retry after a crash recognises its own finished work, or puts back a
 * half-done one before doing it again. A conflicting revert is a non-retryable {@link
 * FailureTypes#MERGE_CONFLICT}.
 */
@ActivityInterface
public interface GitActivities {

  /** Reads HEAD: its commit and branch. */
  GitHead recordHead(HostTarget host, String gitDir);

  /**
   * {@code git revert --no-edit <good>..HEAD}: reverts every commit after {@code goodRef}, newest
   * first. Returns what was done (the commits reverted, the new HEAD).
   */
  String revertAfter(HostTarget host, String gitDir, String goodRef, GitHead before);

  /** Checks out {@code goodRef} (detached HEAD). */
  String checkout(HostTarget host, String gitDir, String goodRef, GitHead before);

  /**
   * Compensation: aborts a revert in progress, then puts HEAD, its branch, the index and the
   * working tree back to {@code before}.
   */
  String restoreHead(HostTarget host, GitHead before);
}
