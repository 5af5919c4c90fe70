package dev.rewind.workflows.code;

import dev.rewind.workflows.core.Target;
import io.temporal.activity.ActivityInterface;

/**
 * Git on the checkout the worker's catalog gives for {@code target} ({@code code.gitDir}), for
 * {@code code-revert}. Each method is idempotent: given the {@link GitHead} recorded first, a retry
 * after a crash recognises its own finished work, or puts back a half-done one before doing it
 * again. A conflicting revert is a non-retryable {@link GitFailures#MERGE_CONFLICT}.
 */
@ActivityInterface
public interface GitActivities {

  /** Reads HEAD: its commit and branch. */
  GitHead recordHead(Target target);

  /**
   * {@code git revert --no-edit <good>..HEAD}: reverts every commit after {@code goodSha}, newest
   * first. Returns what was done (the commits reverted, the new HEAD).
   */
  String revertAfter(Target target, String goodSha, GitHead before);

  /** Checks out {@code goodSha} (detached HEAD). */
  String checkout(Target target, String goodSha, GitHead before);

  /** Whether {@code goodSha} is a commit of the checkout (a dry run's precondition). */
  boolean hasCommit(Target target, String goodSha);

  /**
   * Compensation: aborts a revert in progress, then puts HEAD, its branch, the index and the
   * working tree back to {@code before}.
   */
  String restoreHead(Target target, GitHead before);
}
