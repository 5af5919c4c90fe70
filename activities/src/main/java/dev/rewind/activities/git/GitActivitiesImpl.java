package dev.rewind.activities.git;

import dev.rewind.activities.Failures;
import dev.rewind.activities.catalog.CatalogTargets;
import dev.rewind.activities.catalog.CodeTarget;
import dev.rewind.activities.catalog.PlanValues;
import dev.rewind.activities.host.HostShell;
import dev.rewind.activities.host.HostShells;
import dev.rewind.workflows.code.GitActivities;
import dev.rewind.workflows.code.GitFailures;
import dev.rewind.workflows.code.GitHead;
import dev.rewind.workflows.core.Target;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code code-revert}'s git steps on the catalog's checkout of a host, one connection per
 * execution. Before acting each step looks at where HEAD is: its own finished work is reported, not
 * repeated; a half-done revert left by a crash is put back to the recorded HEAD and done again. The
 * checkout's directory is the catalog's; the known-good sha and the recorded HEAD come from the
 * plan and history, and are validated before git sees them.
 */
public class GitActivitiesImpl implements GitActivities {
  private static final Logger log = LoggerFactory.getLogger(GitActivitiesImpl.class);

  private final CatalogTargets targets;
  private final HostShells shells;

  public GitActivitiesImpl(CatalogTargets targets, HostShells shells) {
    this.targets = targets;
    this.shells = shells;
  }

  @Override
  public GitHead recordHead(Target target) {
    CodeTarget code = targets.code(target);
    try (HostShell shell = shells.open(code.host())) {
      GitRepository git = new GitRepository(shell, code.gitDir());
      git.requireClean();
      GitHead head = git.head(code.host().name());
      log.info(
          "HEAD of {} on {}: {} ({})", code.gitDir(), target.host(), head.sha(), head.branch());
      return head;
    }
  }

  @Override
  public String revertAfter(Target target, String goodSha, GitHead before) {
    CodeTarget code = targets.code(target);
    String goodRef = PlanValues.gitSha(goodSha);
    GitHead recorded = recorded(before, code);
    try (HostShell shell = shells.open(code.host())) {
      GitRepository git = new GitRepository(shell, code.gitDir());
      String good = git.resolve(goodRef);
      String now = git.head(target.host()).sha();
      boolean halfDone = git.revertInProgress();
      if (!halfDone
          && !now.equals(recorded.sha())
          && git.isAncestor(recorded.sha(), now)
          && git.sameTree(good, now)) {
        return "already reverted: HEAD " + shortSha(now) + " has the tree of " + shortSha(good);
      }
      if (halfDone || !now.equals(recorded.sha())) {
        git.restore(recorded); // a crashed earlier try: start again from the recorded HEAD
      }
      if (good.equals(recorded.sha())) {
        return "nothing to revert: HEAD is the known-good " + shortSha(good);
      }
      if (!git.isAncestor(good, recorded.sha())) {
        throw Failures.permanent(
            GitFailures.GIT_REF_NOT_FOUND,
            goodRef + " is not an ancestor of HEAD in " + code.gitDir() + ": use mode checkout",
            null);
      }
      String range = good + "..HEAD";
      List<String> commits = git.log(range);
      git.revert(range);
      String after = git.head(target.host()).sha();
      log.info("reverted {} commit(s) in {} on {}", commits.size(), code.gitDir(), target.host());
      return "reverted %d commit(s) after %s (%s); HEAD now %s, on %s"
          .formatted(
              commits.size(),
              shortSha(good),
              String.join(", ", commits),
              shortSha(after),
              git.where());
    }
  }

  @Override
  public String checkout(Target target, String goodSha, GitHead before) {
    CodeTarget code = targets.code(target);
    String goodRef = PlanValues.gitSha(goodSha);
    recorded(before, code);
    try (HostShell shell = shells.open(code.host())) {
      GitRepository git = new GitRepository(shell, code.gitDir());
      String good = git.resolve(goodRef);
      GitHead now = git.head(target.host());
      if (now.sha().equals(good) && now.branch() == null) {
        return "already checked out: HEAD " + shortSha(good) + " (detached)";
      }
      git.checkoutDetached(good);
      return "checked out " + shortSha(good) + " (detached HEAD), on " + git.where();
    }
  }

  @Override
  public boolean hasCommit(Target target, String goodSha) {
    CodeTarget code = targets.code(target);
    String goodRef = PlanValues.gitSha(goodSha);
    try (HostShell shell = shells.open(code.host())) {
      return new GitRepository(shell, code.gitDir()).hasCommit(goodRef);
    }
  }

  @Override
  public String restoreHead(Target target, GitHead before) {
    CodeTarget code = targets.code(target);
    GitHead recorded = recorded(before, code);
    try (HostShell shell = shells.open(code.host())) {
      GitRepository git = new GitRepository(shell, code.gitDir());
      git.restore(recorded);
      GitHead now = git.head(target.host());
      log.info("{} on {} back at {} ({})", code.gitDir(), target.host(), now.sha(), now.branch());
      return "HEAD back at %s%s, on %s"
          .formatted(
              shortSha(now.sha()),
              now.branch() == null ? " (detached)" : " on " + now.branch(),
              git.where());
    }
  }

  /**
   * The HEAD recorded first, read back from history: its sha and branch are validated, and the
   * checkout is the catalog's, whatever directory the record names.
   */
  private static GitHead recorded(GitHead before, CodeTarget code) {
    if (before == null) {
      throw PlanValues.invalid("recorded HEAD", null, "the one recordHead returned");
    }
    return new GitHead(
        code.host().name(),
        code.gitDir(),
        PlanValues.gitSha(before.sha()),
        PlanValues.branch(before.branch()));
  }

  private static String shortSha(String sha) {
    return sha.substring(0, Math.min(12, sha.length()));
  }
}
