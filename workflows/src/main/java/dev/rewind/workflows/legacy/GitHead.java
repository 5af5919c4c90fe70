package dev.rewind.workflows.legacy;

/**
 * Where a checkout stood before Rewind touched it: the commit and the branch HEAD pointed to (null
 * when HEAD was detached). Restoring it puts the repository back exactly.
 */
public record GitHead(String host, String gitDir, String sha, String branch) {

  public String shortSha() {
    return sha.substring(0, Math.min(12, sha.length()));
  }
}
