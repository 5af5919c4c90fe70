package dev.rewind.activities.git;

import dev.rewind.activities.host.HostFailures;
import dev.rewind.activities.host.HostShell;
import dev.rewind.activities.host.HostShells;
import dev.rewind.workflows.FailureTypes;
import dev.rewind.workflows.GitActivities;
import dev.rewind.workflows.GitHead;
import dev.rewind.workflows.HostTarget;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code code-revert}'s git steps on a host, one connection per execution. Before acting each step
 * looks at where HEAD is: its own finished work is reported, not repeated; a half-done revert left
 * by a crash is put back to the recorded HEAD and done again.
 */
public class GitActivitiesImpl implements GitActivities {
  private static final Logger log = LoggerFactory.getLogger(GitActivitiesImpl.class);

  private final HostShells shells;

  public GitActivitiesImpl(HostShells shells) {
    this.shells = shells;
  }

  @Override
  public GitHead recordHead(HostTarget host, String gitDir) {
    try (HostShell shell = shells.open(host)) {
      GitRepository git = new GitRepository(shell, gitDir);
      git.requireClean();
      GitHead head = git.head(host.name());
      log.info("HEAD of {} on {}: {} ({})", gitDir, host.name(), head.sha(), head.branch());
      return head;
    }
  }

  @Override
  public String revertAfter(HostTarget host, String gitDir, String goodRef, GitHead before) {
    try (HostShell shell = shells.open(host)) {
      GitRepository git = new GitRepository(shell, gitDir);
      String good = git.resolve(goodRef);
      String now = git.head(host.name()).sha();
      boolean halfDone = git.revertInProgress();
      if (!halfDone
          && !now.equals(before.sha())
          && git.isAncestor(before.sha(), now)
          && git.sameTree(good, now)) {
        return "already reverted: HEAD " + shortSha(now) + " has the tree of " + shortSha(good);
      }
      if (halfDone || !now.equals(before.sha())) {
        git.restore(before); // a crashed earlier try: start again from the recorded HEAD
      }
      if (good.equals(before.sha())) {
        return "nothing to revert: HEAD is the known-good " + shortSha(good);
      }
      if (!git.isAncestor(good, before.sha())) {
        throw HostFailures.permanent(
            FailureTypes.GIT_REF_NOT_FOUND,
            goodRef + " is not an ancestor of HEAD in " + gitDir + ": use mode checkout",
            null);
      }
      String range = good + "..HEAD";
      List<String> commits = git.log(range);
      git.revert(range);
      String after = git.head(host.name()).sha();
      log.info("reverted {} commit(s) in {} on {}", commits.size(), gitDir, host.name());
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
  public String checkout(HostTarget host, String gitDir, String goodRef, GitHead before) {
    try (HostShell shell = shells.open(host)) {
      GitRepository git = new GitRepository(shell, gitDir);
      String good = git.resolve(goodRef);
      GitHead now = git.head(host.name());
      if (now.sha().equals(good) && now.branch() == null) {
        return "already checked out: HEAD " + shortSha(good) + " (detached)";
      }
      git.checkoutDetached(good);
      return "checked out " + shortSha(good) + " (detached HEAD), on " + git.where();
    }
  }

  @Override
  public String restoreHead(HostTarget host, GitHead before) {
    try (HostShell shell = shells.open(host)) {
      GitRepository git = new GitRepository(shell, before.gitDir());
      git.restore(before);
      GitHead now = git.head(host.name());
      log.info("{} on {} back at {} ({})", before.gitDir(), host.name(), now.sha(), now.branch());
      return "HEAD back at %s%s, on %s"
          .formatted(
              shortSha(now.sha()),
              now.branch() == null ? " (detached)" : " on " + now.branch(),
              git.where());
    }
  }

  private static String shortSha(String sha) {
    return sha.substring(0, Math.min(12, sha.length()));
  }
}
