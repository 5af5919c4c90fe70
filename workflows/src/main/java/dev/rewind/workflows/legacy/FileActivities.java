package dev.rewind.workflows.legacy;

import io.temporal.activity.ActivityInterface;

/**
 * Files on a host, for steps that set files aside and put them back (configuration, maintenance
 * pages): routed like {@link HostActivities}, idempotent, paths absolute.
 */
@ActivityInterface
public interface FileActivities {

  /** The file's SHA-256 as {@code sha256sum} prints it, or null when it does not exist. */
  String checksum(HostTarget host, String path);

  /** Copies {@code from} to {@code to}, keeping mode and times; returns the copy's checksum. */
  String copyFile(HostTarget host, String from, String to);

  /** Removes the file if it exists. */
  String removeFile(HostTarget host, String path);
}
