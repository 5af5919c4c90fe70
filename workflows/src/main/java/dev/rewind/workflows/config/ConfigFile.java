package dev.rewind.workflows.config;

/**
 * One configuration file as it stood on a host: its path, SHA-256 (null: the file did not exist),
 * octal mode and {@code owner:group}. Never its content: env files hold secrets, and this record is
 * kept in workflow history.
 */
public record ConfigFile(String path, String sha256, String mode, String owner) {

  public boolean exists() {
    return sha256 != null;
  }

  /** "/etc/nginx/nginx.conf 644 root:root 3f2a9c1b0e7d", for step details. */
  public String describe() {
    return exists()
        ? path + " " + mode + " " + owner + " " + sha256.substring(0, Math.min(12, sha256.length()))
        : path + " (absent)";
  }
}
