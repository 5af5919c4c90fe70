package dev.rewind.activities.git;

import dev.rewind.activities.Failures;
import dev.rewind.activities.host.CommandResult;
import dev.rewind.activities.host.HostFailures;
import dev.rewind.activities.host.HostShell;
import dev.rewind.workflows.code.GitFailures;
import dev.rewind.workflows.code.GitHead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A git checkout on a host, driven through a {@link HostShell}: the same code runs on an agent and
 * over SSH. Refs from requests are resolved to a commit sha first ({@code --end-of-options}, so a
 * ref can never be read as an option) and only that sha reaches later commands.
 */
final class GitRepository {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  // Revert commits are attributed to Rewind, whatever identity the host has configured.
  private static final List<String> IDENTITY =
      List.of("-c", "user.name=Rewind", "-c", "user.email=rewind@localhost");

  private final HostShell shell;
  private final String dir;

  GitRepository(HostShell shell, String dir) {
    this.shell = shell;
    this.dir = dir;
  }

  /**
   * Refuses a checkout with uncommitted changes to tracked files: the compensation resets hard, and
   * would throw them away.
   */
  void requireClean() {
    String changes =
        required("git status", "status", "--porcelain", "--untracked-files=no").stdoutTail();
    if (!changes.isBlank()) {
      throw Failures.permanent(
          GitFailures.DIRTY_WORKING_TREE,
          dir
              + " on "
              + shell.where()
              + " has uncommitted changes, which a rollback would lose: "
              + changes.strip().replace('\n', ' '),
          null);
    }
  }

  GitHead head(String host) {
    String sha = required("read HEAD", "rev-parse", "--verify", "HEAD").firstLine();
    CommandResult branch = git("symbolic-ref", "-q", "--short", "HEAD");
    return new GitHead(host, dir, sha, branch.succeeded() ? branch.firstLine() : null);
  }

  /** The full sha of {@code ref}, or a non-retryable GitRefNotFound. */
  String resolve(String ref) {
    CommandResult found = find(ref);
    if (!found.succeeded()) {
      throw Failures.permanent(
          GitFailures.GIT_REF_NOT_FOUND,
          "no commit " + ref + " in " + dir + " on " + shell.where(),
          null);
    }
    return found.firstLine();
  }

  /** Whether {@code ref} names a commit of the checkout. */
  boolean hasCommit(String ref) {
    return find(ref).succeeded();
  }

  private CommandResult find(String ref) {
    return git("rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}");
  }

  boolean isAncestor(String ancestor, String of) {
    return git("merge-base", "--is-ancestor", ancestor, of).succeeded();
  }

  boolean sameTree(String a, String b) {
    return git("diff", "--quiet", a, b, "--").succeeded();
  }

  /** A revert stopped half-way: REVERT_HEAD, or the sequencer of a multi-commit revert. */
  boolean revertInProgress() {
    if (git("rev-parse", "-q", "--verify", "REVERT_HEAD").succeeded()) {
      return true;
    }
    String sequencer =
        required("locate sequencer", "rev-parse", "--git-path", "sequencer").firstLine();
    return shell.run(List.of("test", "-d", sequencer), dir, TIMEOUT).succeeded();
  }

  /** One line per commit in {@code range}, newest first. */
  List<String> log(String range) {
    return required("list commits", "log", "--format=%h %s", range).stdoutTail().lines().toList();
  }

  /** Runs {@code git revert --no-edit <range>}; on a conflict, a non-retryable MergeConflict. */
  CommandResult revert(String range) {
    CommandResult result = git(with(IDENTITY, "revert", "--no-edit", range));
    if (!result.succeeded()) {
      String conflicts = git("diff", "--name-only", "--diff-filter=U").stdoutTail().strip();
      boolean inTheWay = result.stderrTail().contains("would be overwritten by merge");
      if (!conflicts.isEmpty() || inTheWay) {
        String what = conflicts.isEmpty() ? "files in the working tree" : conflicts;
        throw Failures.permanent(
            GitFailures.MERGE_CONFLICT,
            "git revert conflicts with "
                + what.replace('\n', ' ')
                + " in "
                + dir
                + ": "
                + result.summary(),
            null);
      }
      throw HostFailures.commandFailed("git revert " + range + " in " + dir, result);
    }
    return result;
  }

  CommandResult checkoutDetached(String sha) {
    return required("git checkout " + sha, "checkout", "--quiet", "--detach", sha);
  }

  /** Aborts a revert in progress, then HEAD, branch, index and working tree back to {@code to}. */
  CommandResult restore(GitHead to) {
    if (revertInProgress() && !git("revert", "--abort").succeeded()) {
      git("revert", "--quit"); // forget the sequencer; the hard reset below settles the tree
    }
    if (to.branch() == null) {
      return required("restore HEAD", "checkout", "--quiet", "--force", "--detach", to.sha());
    }
    required("restore branch", "checkout", "--quiet", "--force", to.branch());
    return required("restore HEAD", "reset", "--hard", to.sha());
  }

  String where() {
    return shell.where();
  }

  private CommandResult required(String what, String... args) {
    CommandResult result = git(args);
    if (!result.succeeded()) {
      throw HostFailures.commandFailed(what + " in " + dir, result);
    }
    return result;
  }

  private CommandResult git(String... args) {
    return git(List.of(args));
  }

  private CommandResult git(List<String> args) {
    List<String> argv = new ArrayList<>(List.of("git", "-C", dir));
    argv.addAll(args);
    return shell.run(argv, null, TIMEOUT);
  }

  private static List<String> with(List<String> first, String... rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return all;
  }
}
